package dev.duoboot.linux;

import java.util.List;
import java.util.Optional;

/**
 * Why an outcome happened: the rule that decided it (and where in the kernel it lives), the node
 * it concerns, in a sentence, which profiles decide it differently, and what the user can change.
 */
public record Explanation(Rule rule, String nodePath, String text, List<String> profileDifference, Optional<String> fix) {

    /** A remoteproc driver or core behaviour: not a profile choice, so no profile decides it differently. */
    static Explanation driver(DriverRule rule, String nodePath, String text, String fix) {
        return new Explanation(rule, nodePath, text, List.of(), Optional.ofNullable(fix));
    }

    static Explanation of(KernelProfile profile, KernelRule rule, String nodePath, String text, String fix) {
        return new Explanation(rule, nodePath, text, profile.alternatives(rule.group()), Optional.ofNullable(fix));
    }

    /** Where in the kernel the behaviour lives. */
    public String kernelSource() {
        return rule.source();
    }
}
