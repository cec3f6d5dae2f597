package dev.duoboot.soc;

/**
 * The DFI handshake between the DDR controller and the DDR PHY, the two signals FSBL's DDR
 * bring-up waits on (sophgo/fsbl {@code plat/cv18{0,1}x/ddr/ddr_sys.c}): the controller raises
 * dfi_init_start ({@code cvx16_set_dfi_init_start}, DFIMISC bit 5) and the PHY shows it
 * ({@code cvx16_polling_dfi_init_start}); the PHY raises dfi_init_complete
 * ({@code cvx16_set_dfi_init_complete}) and the controller shows it in DFISTAT
 * ({@code cvx16_wait_for_dfi_init_complete}).
 */
final class DfiSignals {
    boolean initStart;
    boolean initComplete;
}
