package dev.duoboot.cpu;

/** What a hart needs from the machine around it. */
@FunctionalInterface
public interface Platform {
    /** The value of the {@code time} CSR for {@code hart}: the CLINT's {@code mtime} in virtual time. */
    long time(C906Hart hart);
}
