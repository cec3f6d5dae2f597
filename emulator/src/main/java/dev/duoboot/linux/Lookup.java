package dev.duoboot.linux;

import java.util.Optional;

/**
 * One {@code of_reserved_mem_lookup()} as a driver would make it for entry {@code index} of a
 * node's {@code memory-region}. {@code target} is empty when the phandle resolves to no node.
 */
public record Lookup(String consumer, int index, Optional<String> target, Result result,
        Optional<ReservedRegion> region, Optional<Explanation> why) {

    public enum Result {
        /** The table holds an entry whose stored name equals the target's basename. */
        FOUND,
        /** No entry matched: the lookup returns NULL. */
        NULL,
        /** The phandle names no node; a driver passing that NULL node to the lookup oopses. */
        NO_PHANDLE,
        /** The comparison dereferences a dangling name pointer (vanilla 5.10 on RISC-V). */
        OOPS;

        public String json() {
            return switch (this) {
                case FOUND -> "found";
                case NULL -> "null";
                case NO_PHANDLE -> "no-phandle";
                case OOPS -> "oops";
            };
        }
    }
}
