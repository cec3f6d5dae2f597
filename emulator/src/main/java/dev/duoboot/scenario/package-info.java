/**
 * The inputs of one boot: a {@link dev.duoboot.scenario.Scenario} (as the user named its files),
 * made only by a {@link dev.duoboot.scenario.ScenarioBuilder}, which the command line, scenario
 * files ({@link dev.duoboot.scenario.ScenarioFile}) and the Java API all use; the built-in
 * {@link dev.duoboot.scenario.Preset}s; {@link dev.duoboot.scenario.ScenarioEdit}s (fixes, sweep
 * cells); and {@link dev.duoboot.scenario.Inputs#resolve}, which reads and builds what the SDK build
 * would (memmap.py evaluated, the header generated, the board DTS compiled twice, the .config, the
 * little-core ELF) into {@link dev.duoboot.scenario.ResolvedInputs}. No machine, no verdict here,
 * only the kinds of verdict a scenario may expect ({@link dev.duoboot.scenario.VerdictKind}).
 */
package dev.duoboot.scenario;
