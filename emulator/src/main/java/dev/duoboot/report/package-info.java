/**
 * The edge where values become words: {@link dev.duoboot.report.Words} makes the report's sentences
 * (stage events, inputs, verdicts, fix trials), {@link dev.duoboot.report.ReportText},
 * {@link dev.duoboot.report.ReportJson} (through the one {@link dev.duoboot.report.Json} writer),
 * {@link dev.duoboot.report.MemoryMapSvg} and the sweep renderers lay them out. Reads
 * {@code analysis}, {@code boot} and {@code pipeline} values; decides nothing.
 */
package dev.duoboot.report;
