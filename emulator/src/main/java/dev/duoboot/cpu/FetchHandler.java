package dev.duoboot.cpu;

/**
 * Java code run when a hart is about to execute an address (a high-level-emulated ROM routine, a
 * kernel entry). It may change registers, including the PC to return elsewhere, or stop the hart.
 */
@FunctionalInterface
public interface FetchHandler {

    enum Action {
        /** Go on: at the (possibly changed) PC. */
        CONTINUE,
        /** End the run before the instruction at the hooked address executes. */
        STOP
    }

    Action onFetch(C906Hart hart);
}
