/**
 * A whole run, one way round: {@link dev.duoboot.pipeline.Pipeline} resolves a scenario, boots it
 * (static or emulated chain), analyses the record and then tries each proposed fix by running
 * itself again on an edited copy; {@link dev.duoboot.pipeline.Sweep} runs a matrix of cells.
 */
package dev.duoboot.pipeline;
