/** Rendering of a run's results: text tables, JSON and SVG memory maps. Reads {@code flow} data only. */
package dev.duoboot.report;
