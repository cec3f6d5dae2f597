package dev.duoboot.flow;

import java.util.List;
import java.util.Optional;

/**
 * Why a boot failed: the rule that decided it (a kernel-model rule id such as
 * {@code NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN}), in a sentence about this boot, on which node,
 * where in the kernel the behaviour lives, which kernel lines decide it differently, and fixes in
 * the user's terms, each tried on a copy of the scenario the {@code fixesCheckedWith} way.
 */
public record Diagnosis(String ruleId, String summary, String node, String kernelSource, List<String> otherProfiles,
        List<Fix> fixes, FixCheck fixesCheckedWith) {

    public Diagnosis {
        otherProfiles = List.copyOf(otherProfiles);
        fixes = List.copyOf(fixes);
    }

    /**
     * One fix: the change in the user's terms ({@code where}), the edit that makes it, and the
     * verdict the boot had with the edit applied (static chain or emulated boot). A fix that is no edit of the scenario
     * (relinking the user's own ELF) is not tried.
     */
    public record Fix(String where, Optional<ScenarioEdit> edit, Optional<Verdict> result) {

        /** Applied, re-checked, and the boot then succeeds. */
        public boolean verified() {
            return result.map(Verdict::success).orElse(false);
        }
    }
}
