package dev.duoboot.cpu;

/**
 * Java code run when a hart is about to execute an address (a high-level-emulated ROM routine, a
 * kernel entry). It may change registers, move the PC ({@link C906Hart#setPc}) to return elsewhere,
 * or stop the hart ({@link C906Hart#onFetch} says how).
 */
@FunctionalInterface
public interface FetchHandler {

    enum Action {
        /** Go on: at the (possibly changed) PC. */
        CONTINUE,
        /** End the run at the block at the hooked address (before or after it). */
        STOP
    }

    Action onFetch(C906Hart hart);
}
