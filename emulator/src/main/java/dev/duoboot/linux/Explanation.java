package dev.duoboot.linux;

import java.util.List;
import java.util.Optional;

/**
 * Why an outcome happened: the rule that decided it, the node it concerns, where in the kernel the
 * behaviour lives, which profiles decide it differently, and what the user can change.
 */
public record Explanation(String ruleId, String nodePath, String kernelSource, String text,
        List<String> profileDifference, Optional<String> fix) {

    /** A remoteproc driver or core behaviour: not a profile choice, so no profile decides it differently. */
    static Explanation driver(String ruleId, String nodePath, String kernelSource, String text, String fix) {
        return new Explanation(ruleId, nodePath, kernelSource, text, List.of(), Optional.ofNullable(fix));
    }

    static Explanation of(KernelProfile profile, KernelRule rule, String nodePath, String text, String fix) {
        return new Explanation(rule.name(), nodePath, rule.source(), text, profile.alternatives(rule.group()),
                Optional.ofNullable(fix));
    }
}
