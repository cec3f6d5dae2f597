/**
 * Reading duoboot's YAML files (scenarios, platforms) as trees of values that know their
 * {@code file:line:column}, so every complaint is one line. Scalars stay text; the readers convert.
 * Uses snakeyaml-engine's composer only.
 */
package dev.duoboot.yaml;
