package dev.duoboot.analysis;

import dev.duoboot.boot.Verdict;
import dev.duoboot.linux.Rule;
import dev.duoboot.scenario.ScenarioEdit;
import java.util.List;
import java.util.Optional;

/**
 * Why a boot failed: the rule that decided it, in a sentence about this boot, on which node, where
 * in the kernel the behaviour lives, which kernel lines decide it differently, and fixes in the
 * user's terms. The analysis proposes the fixes; the pipeline tries each on a copy of the scenario
 * (the {@code fixesCheckedWith} way; empty until tried) and records what the boot then did.
 */
public record Diagnosis(Rule rule, String summary, String node, String kernelSource, List<String> otherProfiles,
        List<Fix> fixes, Optional<FixCheck> fixesCheckedWith, Optional<Long> linuxMemoryAtLeast) {

    public Diagnosis {
        otherProfiles = List.copyOf(otherProfiles);
        fixes = List.copyOf(fixes);
    }

    /** A diagnosis whose fixes need only a successful boot. */
    public Diagnosis(Rule rule, String summary, String node, String kernelSource, List<String> otherProfiles, List<Fix> fixes,
            Optional<FixCheck> fixesCheckedWith) {
        this(rule, summary, node, kernelSource, otherProfiles, fixes, fixesCheckedWith, Optional.empty());
    }

    /**
     * One fix: the change in the user's terms ({@code where}), the edit that makes it, and how
     * trying it went. A fix that is no edit of the scenario (relinking the user's own ELF) is not tried.
     */
    public record Fix(String where, Optional<ScenarioEdit> edit, Trial trial) {

        /** Applied, re-checked, and the boot then succeeds (and meets what the diagnosis asks of it). */
        public boolean verified() {
            return trial instanceof Trial.Booted b && b.verdict().success() && b.shortfalls().isEmpty();
        }

        /** The verdict the boot had with the edit applied, if it was tried and got that far. */
        public Optional<Verdict> result() {
            return trial instanceof Trial.Booted b ? Optional.of(b.verdict()) : Optional.empty();
        }
    }

    /** How trying a fix went. */
    public sealed interface Trial {
        /** Not tried yet (the analysis's proposal), or not an edit duoboot can make. */
        record NotTried() implements Trial {}

        /**
         * Tried: the boot with the edit applied ended so; {@code shortfalls} says what it still lacks
         * of what the diagnosis asks (Linux keeping too little memory), one line each.
         */
        record Booted(Verdict verdict, List<String> shortfalls) implements Trial {
            public Booted {
                shortfalls = List.copyOf(shortfalls);
            }

            public Booted(Verdict verdict) {
                this(verdict, List.of());
            }
        }

        /** The edited inputs could not be checked (the one-line reason: a failed assert, a missing node). */
        record CannotCheck(String reason) implements Trial {}
    }

    /** The same diagnosis with its fixes as tried. */
    public Diagnosis withFixes(List<Fix> tried, FixCheck how) {
        return new Diagnosis(rule, summary, node, kernelSource, otherProfiles, tried, Optional.of(how), linuxMemoryAtLeast);
    }
}
