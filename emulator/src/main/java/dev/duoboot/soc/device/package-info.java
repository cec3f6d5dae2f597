/**
 * Devices whose behaviour is served by duoboot rather than emulated from their code: the CV18xx
 * mask ROM ({@link dev.duoboot.soc.device.BootRom}: cold boot and the ROM API FSBL calls) and what
 * it boots from ({@link dev.duoboot.soc.device.BootMedium}). The machine installs them
 * ({@code Machine.powerOn}).
 */
package dev.duoboot.soc.device;
