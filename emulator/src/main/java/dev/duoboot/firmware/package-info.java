/**
 * The images a boot starts from: the project's own boot stages ({@link dev.duoboot.firmware.FixtureImages},
 * {@link dev.duoboot.firmware.LittleCoreImage}, from the firmware-fixtures jar), where Debian's
 * OpenSBI and U-Boot are, which chain runs ({@link dev.duoboot.firmware.Chain}), and what goes on
 * the SD card for a layout ({@link dev.duoboot.firmware.BootImages}: fip.bin and boot.sd). Uses
 * {@code sdk} and {@code platform}.
 */
package dev.duoboot.firmware;
