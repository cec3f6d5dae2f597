package dev.duoboot.unicorn;

/** A translated block as {@code UC_CTL_TB_REQUEST_CACHE} reports it. */
public record TranslationBlock(long pc, int instructionCount, int sizeBytes) {}
