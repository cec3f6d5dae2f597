package dev.duoboot.soc;

import dev.duoboot.card.BlockDevice;
import dev.duoboot.cpu.C906Hart;
import dev.duoboot.cpu.FetchHandler;
import dev.duoboot.cpu.TrapCause;
import dev.duoboot.platform.Platform;
import dev.duoboot.platform.Region;
import dev.duoboot.soc.device.BootMedium;
import dev.duoboot.soc.device.BootRom;
import dev.duoboot.unicorn.Hook;
import dev.duoboot.unicorn.HostMemory;
import dev.duoboot.unicorn.MmioHandler;
import dev.duoboot.unicorn.Unicorn;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A modelled CV1800B or SG2002: two C906 harts (hart 0 the C906B, hart 1 the C906L) on one Unicorn
 * engine each, sharing every RAM region through one host buffer per region, with the board's devices
 * mapped into both (the CLINT and PLIC once per hart: each core has its own). Hart 1 starts held in
 * reset, as on the chip, until firmware releases it through the reset block (or {@link #startHart}).
 *
 * <p>The boot-flow API: {@link #load} bytes (host writes, attributed to a writer), {@link #read}
 * memory, {@link #startHart} at an address and set its registers through {@link #hart}, hook
 * addresses with {@link #onFetch} (high-level-emulated ROM routines, kernel entry), script the
 * {@link #console()}, follow {@link #writes()}, and {@link #run} until a console pattern, a handler's
 * {@link #requestStop}, an instruction budget or a virtual-time limit.
 *
 * <p>Deterministic: the same inputs give the same consoles, traces and results.
 */
public final class Machine implements AutoCloseable {

    /** The C906B, which boots. */
    public static final int HART_C906B = 0;
    /** The C906L, held in reset until released. */
    public static final int HART_C906L = 1;

    private static final long ADDRESS_SPACE_END = 1L << 32;
    /** What {@code csrr mhartid} reads on either core. */
    static final int C906_MHARTID = 0;
    private final Platform board;
    private final C906Hart[] harts = new C906Hart[2];
    private final Map<String, HostMemory> storage = new LinkedHashMap<>();
    private final VirtualClock clock;
    private final Console console = new Console();
    private final UnimplementedLog unimplemented = new UnimplementedLog();
    private final Lines lines = new Lines();
    /** Each UART by its region name, UART0 first. */
    private final Map<String, Uart16550> uarts = new LinkedHashMap<>();
    private final Clint[] clints = new Clint[2];
    private final Plic[] plics = new Plic[2];
    private final Mailbox mailbox;
    private final SecSys secSys;
    private final ResetController reset;
    private final Map<String, Registers> plainRegisters = new LinkedHashMap<>();
    /** The SD controller and its card slot, if the board has one. */
    private final Optional<SdhciController> sdhci;
    /** The RTC, eFuse, watchdog and DDR devices by region name (the regions a board has of them). */
    private final Map<String, RegisterBlock> blocks = new LinkedHashMap<>();
    private Optional<Watchdog> watchdog = Optional.empty();
    /** Each clock generator by its region name. */
    private final Map<String, ClockController> clockControllers = new LinkedHashMap<>();
    private Optional<BusHang> busHang = Optional.empty();
    /** How often the C906L has been released from reset (a 0 to 1 edge of its reset bit). */
    private int c906lReleases;
    private final WriteTracker writes;
    private final Scheduler scheduler;
    private final List<String> events = new ArrayList<>();
    /** Each hart's device handlers by region name (the CLINT and PLIC views differ per core). */
    private final List<Map<String, MmioHandler>> deviceHandlers = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
    private boolean closed;
    private static final String DEFERRED_WORK = "deferred work";
    /** Work for outside the engine's hooks, in the order it was asked for. */
    private final Deque<Runnable> deferred = new ArrayDeque<>();
    private Optional<BootRom> bootRom = Optional.empty();
    private Optional<GuestStop> guestStop = Optional.empty();
    /** The watches at each address, in the order they were set (the first to answer true ends the run). */
    private final Map<Long, List<Watch>> watches = new LinkedHashMap<>();

    private Machine(Platform board) {
        this.board = board;
        long peripheralBase = board.only(Region.Kind.PLIC).base();
        try {
            for (int h = 0; h < harts.length; h++) {
                int id = h;
                // mhartid 0 on both: each C906 is hart 0 of its own core complex. The SDK's FreeRTOS
                // start.S parks any hart whose mhartid is not PRIM_HART (0), and it runs on the C906L.
                harts[h] = new C906Hart(h, C906_MHARTID, h == 0 ? board.bootRom().romBase() : 0, peripheralBase,
                        hart -> clock().readMtime(id));
            }
            this.clock = new VirtualClock(harts);
            for (Region r : board.regions()) {
                if (r.kind().isMemory() && r.aliasOf().isEmpty()) {
                    storage.put(r.name(), HostMemory.reserve(r.sizeBytes()));
                }
            }
            Region dram = board.dram();
            this.writes = new WriteTracker(dram.base(), storage.get(dram.name()), harts, clock);
            this.scheduler = new Scheduler(this);
            for (int h = 0; h < harts.length; h++) {
                clints[h] = new Clint(harts[h], clock, lines, unimplemented);
                plics[h] = new Plic(harts[h], lines, unimplemented);
            }
            List<Region> uartRegions = board.uarts();
            for (int i = 0; i < uartRegions.size(); i++) {
                int irq = uartRegions.get(i).irq().orElseThrow();
                Uart16550[] self = new Uart16550[1];
                self[0] = new Uart16550(i, console, () -> plics[HART_C906B].setLevel(irq, self[0].interruptPending()));
                uarts.put(uartRegions.get(i).name(), self[0]);
            }
            Platform.MailboxWiring wiring = board.mailbox();
            this.mailbox = new Mailbox((cpu, level) -> {
                if (cpu == Mailbox.C906B) {
                    plics[HART_C906B].setLevel(wiring.c906bIrq(), level);
                } else if (cpu == Mailbox.C906L) {
                    plics[HART_C906L].setLevel(wiring.c906lIrq(), level);
                }
            });
            Platform.LittleCoreControl little = board.littleCore();
            long secSysBase = board.only(Region.Kind.SEC_SYS).base();
            this.secSys = new SecSys(new Platform.RegisterBit(little.vectorEnable().register() - secSysBase, little.vectorEnable().bit()),
                    little.vectorLow() - secSysBase, little.vectorHigh() - secSysBase);
            long resetBase = board.only(Region.Kind.RESET).base();
            this.reset = new ResetController(new Platform.RegisterBit(little.reset().register() - resetBase, little.reset().bit()),
                    new ResetController.Target() {
                @Override
                public void release() {
                    releaseC906L();
                }

                @Override
                public void hold() {
                    holdC906L();
                }
            });
            for (Region r : board.regions()) {
                if (r.kind() == Region.Kind.REGISTERS) {
                    plainRegisters.put(r.name(), new Registers(r.resetValues()));
                } else if (r.kind() == Region.Kind.CLOCK) {
                    clockControllers.put(r.name(), new ClockController(r.base(),
                            board.clockGates().stream().filter(g -> r.contains(g.enable().register())).toList()));
                }
            }
            this.sdhci = board.regions().stream().filter(r -> r.kind() == Region.Kind.SDHCI).findFirst().map(r -> {
                int irq = r.irq().orElseThrow();
                return new SdhciController(dmaBus(), high -> plics[HART_C906B].setLevel(irq, high));
            });
            createChipDevices();
            for (C906Hart hart : harts) {
                mapInto(hart);
            }
            scheduler.hold(HART_C906B);
            scheduler.hold(HART_C906L);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The devices FSBL initialises and waits on (facts sdk-boot-flow.md §12): the RTC's two pages,
     * the eFuse, the watchdog, the DDR PHY, controller and BIST. A board's platform file may leave
     * any of them out; their addresses then read 0 like any unmodelled one.
     */
    private void createChipDevices() {
        SystemControl chip = new SystemControl() {
            @Override
            public void powerOff(String why) {
                events.add("power off: " + why);
                guestStop = Optional.of(new GuestStop(GuestStop.Kind.POWER_OFF, why, frontierNanos()));
                requestStop(guestStop.get().describe());
            }

            @Override
            public void reset(String why) {
                events.add("system reset: " + why);
                guestStop = Optional.of(new GuestStop(GuestStop.Kind.RESET, why, frontierNanos()));
                requestStop(guestStop.get().describe() + "; duoboot does not boot it again");
            }
        };
        Optional<RtcControl> rtc = Optional.empty();
        Optional<Region> rtcCore = find(Region.Kind.RTC);
        if (rtcCore.isPresent()) {
            RtcCore core = new RtcCore();
            RtcControl control = new RtcControl(core, chip);
            blocks.put(rtcCore.get().name(), core);
            blocks.put(find(Region.Kind.RTC_CTRL).orElseThrow().name(), control);
            rtc = Optional.of(control);
        }
        find(Region.Kind.EFUSE).ifPresent(r -> blocks.put(r.name(), new Efuse()));
        Optional<RtcControl> gate = rtc;
        find(Region.Kind.WATCHDOG).ifPresent(r -> {
            Watchdog w = new Watchdog(this::frontierNanos, () -> {
                if (gate.isEmpty() || gate.get().passesWatchdogReset()) {
                    chip.reset("the watchdog expired");
                } else {
                    events.add("watchdog expired; the RTC does not pass its reset on (hw_wdg_rst_en or EN_WDT_RST_REQ clear)");
                }
            });
            blocks.put(r.name(), w);
            watchdog = Optional.of(w);
        });
        Optional<Region> ctrl = find(Region.Kind.DDR_CTRL);
        if (ctrl.isPresent()) {
            DfiSignals dfi = new DfiSignals();
            DdrPhy phy = new DdrPhy(dfi);
            blocks.put(ctrl.get().name(), new DdrController(dfi));
            blocks.put(find(Region.Kind.DDR_PHY).orElseThrow().name(), phy.digital());
            blocks.put(find(Region.Kind.DDR_PHY_APB).orElseThrow().name(), phy.apb());
            blocks.put(find(Region.Kind.DDR_BIST).orElseThrow().name(), new DdrBist(board.dram().sizeBytes()));
        }
    }

    private Optional<Region> find(Region.Kind kind) {
        return board.regions().stream().filter(r -> r.kind() == kind).findFirst();
    }

    /** Creates the machine for {@code board}: both harts held, all memory zero. */
    public static Machine create(Platform board) {
        return new Machine(board);
    }

    private void mapInto(C906Hart hart) {
        Unicorn uc = hart.engine();
        int h = hart.id();
        for (Region r : board.regions()) {
            switch (r.kind()) {
                case DRAM -> {
                    // granules are mapped when the hart first reaches them: a boot touches a few
                    // dozen of 256, and each mapped region makes mapping and closing slower
                    hart.mapOnDemand(address -> writes.mapOnDemand(h, address));
                    uc.onInvalidMemory(Hook.MEM_WRITE_PROT, r.base(), r.end() - 1,
                            (u, access, address, size, value) -> writes.onWriteFault(h, address));
                }
                case ROM -> uc.mapPointer(r.base(), storage.get(r.name()), 0, r.sizeBytes(),
                        Unicorn.PROT_READ | Unicorn.PROT_EXEC);
                case SRAM -> uc.mapPointer(r.base(), storage.get(r.aliasOf().orElse(r.name())), 0, r.sizeBytes(),
                        Unicorn.PROT_ALL);
                case UART -> {
                    Uart16550 uart = uarts.get(r.name());
                    mapDevice(uc, h, r, device(h, uart::read, uart::write));
                }
                case CLINT -> mapDevice(uc, h, r, new MmioHandler() {
                    @Override
                    public long read(Unicorn u, long offset, int size) {
                        if (offset != 0xbff8 && offset != 0xbffc) {
                            clock.activity(h); // reading the time alone is busy-waiting
                        }
                        return clints[h].read(offset, size);
                    }

                    @Override
                    public void write(Unicorn u, long offset, int size, long value) {
                        clock.activity(h);
                        clints[h].write(offset, size, value);
                    }
                });
                case PLIC -> mapDevice(uc, h, r,
                        device(h, (x, off, size) -> plics[h].read(off, size), (x, off, size, v) -> plics[h].write(off, size, v)));
                case MAILBOX -> mapDevice(uc, h, r,
                        device(h, (x, off, size) -> mailbox.read(off, size), (x, off, size, v) -> mailbox.write(off, size, v)));
                case RESET -> mapDevice(uc, h, r,
                        device(h, (x, off, size) -> reset.read(off, size), (x, off, size, v) -> reset.write(off, size, v)));
                case SEC_SYS -> mapDevice(uc, h, r, clocked(h, r,
                        device(h, (x, off, size) -> secSys.read(off, size), (x, off, size, v) -> secSys.write(off, size, v))));
                case SDHCI -> {
                    SdhciController sd = sdhci.orElseThrow();
                    mapDevice(uc, h, r, device(h,
                            (x, off, size) -> SdhciController.models(off) ? sd.read(off, size)
                                    : unimplemented.read(hart, r.name(), r.base() + off, size),
                            (x, off, size, v) -> {
                                if (SdhciController.models(off)) {
                                    sd.write(off, size, v);
                                } else {
                                    unimplemented.write(hart, r.name(), r.base() + off, size, v);
                                }
                            }));
                }
                case CLOCK -> {
                    ClockController clk = clockControllers.get(r.name());
                    mapDevice(uc, h, r,
                            device(h, (x, off, size) -> clk.read(off, size), (x, off, size, v) -> clk.write(off, size, v)));
                }
                case REGISTERS -> {
                    Registers regs = plainRegisters.get(r.name());
                    mapDevice(uc, h, r,
                            device(h, (x, off, size) -> regs.read(off, size), (x, off, size, v) -> regs.write(off, size, v)));
                }
                case RTC_CTRL, RTC, EFUSE, WATCHDOG, DDR_PHY, DDR_PHY_APB, DDR_CTRL, DDR_BIST -> {
                    RegisterBlock block = blocks.get(r.name());
                    mapDevice(uc, h, r,
                            device(h, (x, off, size) -> block.read(off, size), (x, off, size, v) -> block.write(off, size, v)));
                }
            }
        }
        long next = 0;
        for (Region r : board.regions()) {
            if (r.base() > next) {
                mapUnimplemented(hart, next, r.base());
            }
            next = r.end();
        }
        if (next < ADDRESS_SPACE_END) {
            mapUnimplemented(hart, next, ADDRESS_SPACE_END);
        }
        Region dram = board.dram();
        hart.watchBlocks(dram.base(), Long.numberOfTrailingZeros(writes.granuleBytes()), WriteTracker.GRANULES,
                address -> writes.onBlock(h, address));
        hart.onTrap(t -> {
            if (t.cause() != TrapCause.ILLEGAL_INSTRUCTION) {
                clock.activity(h);
            }
        });
    }

    private void mapDevice(Unicorn uc, int hart, Region r, MmioHandler handler) {
        deviceHandlers.get(hart).put(r.name(), handler);
        uc.mapMmio(r.base(), r.sizeBytes(), handler);
    }

    private void mapUnimplemented(C906Hart hart, long begin, long end) {
        hart.engine().mapMmio(begin, end - begin, new MmioHandler() {
            @Override
            public long read(Unicorn u, long offset, int size) {
                clock.activity(hart.id());
                return unimplemented.read(hart, "device", begin + offset, size);
            }

            @Override
            public void write(Unicorn u, long offset, int size, long value) {
                clock.activity(hart.id());
                unimplemented.write(hart, "device", begin + offset, size, value);
            }
        });
    }

    private interface Reader {
        long read(int hart, long offset, int size);
    }

    private interface Writer {
        void write(int hart, long offset, int size, long value);
    }

    private interface UartRead {
        long read(int hart, long offset);
    }

    private interface UartWrite {
        void write(int hart, long offset, long value);
    }

    private MmioHandler device(int hart, UartRead read, UartWrite write) {
        return device(hart, (h, off, size) -> read.read(h, off), (h, off, size, v) -> write.write(h, off, v));
    }

    /** An MMIO handler that knows which hart accesses it and counts the access as activity. */
    private MmioHandler device(int hart, Reader read, Writer write) {
        return new MmioHandler() {
            // the handler also serves deviceRead/deviceWrite, which pass no engine
            @Override
            public long read(Unicorn u, long offset, int size) {
                clock.activity(hart);
                return read.read(hart, offset, size);
            }

            @Override
            public void write(Unicorn u, long offset, int size, long value) {
                clock.activity(hart);
                write.write(hart, offset, size, value);
            }
        };
    }

    /**
     * {@code inner}, unless the platform names a clock gate for {@code r}: then an access while the
     * gate is closed is never answered ({@link #busHang}).
     */
    private MmioHandler clocked(int hart, Region r, MmioHandler inner) {
        Optional<Platform.ClockGate> gate = board.gateOf(r.name());
        if (gate.isEmpty()) {
            return inner;
        }
        ClockController clk = board.regionAt(gate.get().enable().register()).map(x -> clockControllers.get(x.name()))
                .orElseThrow(() -> new IllegalStateException(gate.get().name() + " lies in no clock region"));
        return new MmioHandler() {
            @Override
            public long read(Unicorn u, long offset, int size) {
                if (!clk.enabled(gate.get())) {
                    hang(hart, r, gate.get(), r.base() + offset, false);
                    return 0;
                }
                return inner.read(u, offset, size);
            }

            @Override
            public void write(Unicorn u, long offset, int size, long value) {
                if (!clk.enabled(gate.get())) {
                    hang(hart, r, gate.get(), r.base() + offset, true);
                    return;
                }
                inner.write(u, offset, size, value);
            }
        };
    }

    /** The access never completes: the hart is held for good and the run ends. The first hang is kept. */
    private void hang(int hart, Region r, Platform.ClockGate gate, long address, boolean write) {
        if (busHang.isEmpty()) {
            OptionalLong pc = scheduler.current() == hart ? OptionalLong.of(harts[hart].accessingInstruction(address)) : OptionalLong.empty();
            busHang = Optional.of(new BusHang(hart, address, write, r.name(), gate, pc));
            events.add("bus hang: " + busHang.get().describe());
        }
        scheduler.hold(hart);
        scheduler.requestStop(RunResult.Outcome.BUS_HANG, busHang.get().describe());
    }

    // ---- reset of the C906L -------------------------------------------------------------------

    private void releaseC906L() {
        long vector = secSys.c906lVector();
        int by = scheduler.current();
        long at = by >= 0 ? clock.nanos(by) : frontierNanos();
        c906lReleases++;
        events.add(String.format("C906L released at 0x%x%s (%s)", vector, by >= 0 ? " by hart " + by : "",
                secSys.c906lEnabled() ? "SEC_SYS enable bit set" : secSys.enableBitName() + " not set"));
        startHart(HART_C906L, vector, at);
        if (by >= 0) {
            harts[by].requestStop(); // let the scheduler pick the new hart up
        }
    }

    private void holdC906L() {
        events.add("C906L held in reset");
        scheduler.hold(HART_C906L);
    }

    // ---- the boot-flow API --------------------------------------------------------------------

    public Platform board() {
        return board;
    }

    public int hartCount() {
        return harts.length;
    }

    /** Hart {@code id}: registers, CSRs, privilege, counters. Do not {@code run} it directly. */
    public C906Hart hart(int id) {
        return harts[id];
    }

    public Console console() {
        return console;
    }

    public WriteTracker writes() {
        return writes;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** Accesses to unmodelled addresses, with hart and PC (the first few per address). */
    public List<String> unimplementedAccesses() {
        return unimplemented.entries();
    }

    /** Resets and releases, in order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /**
     * Puts a card holding {@code device}'s bytes into the board's SD slot (SDIO0, the SD controller
     * at 0x04310000): an SDHC card whose capacity is the device's size rounded down to 512 KiB.
     * Without a card the controller reports none present, as on a board with an empty slot.
     *
     * @throws IllegalStateException if the board has no SD controller
     * @throws dev.duoboot.DuobootException if the device is smaller than 512 KiB
     */
    public void insertCard(BlockDevice device) {
        SdhciController sd = sdhci.orElseThrow(() -> new IllegalStateException(board.id() + " has no SD controller"));
        sd.insert(new SdCard(device));
    }

    /** Records a machine event for {@code --trace} and the report (the scheduler's, the devices'). */
    void noteEvent(String event) {
        events.add(event);
    }

    /** Whether any code issued a command to the SD controller (a firmware with a driver for it). */
    public boolean sdControllerUsed() {
        return sdhci.map(s -> s.commandsIssued() > 0).orElse(false);
    }

    /** The SD controller's DMA: guest memory, written outside the engine's hooks. */
    private SdhciController.Bus dmaBus() {
        return new SdhciController.Bus() {
            @Override
            public void read(long address, byte[] into) {
                if (inMemory(address, into.length)) {
                    System.arraycopy(Machine.this.read(address, into.length), 0, into, 0, into.length);
                } else {
                    events.add(String.format("SD controller DMA read of %d bytes at 0x%x: not memory, read as 0", into.length, address));
                    Arrays.fill(into, (byte) 0);
                }
            }

            @Override
            public void write(long address, byte[] from) {
                if (inMemory(address, from.length)) {
                    load(address, from, "SD controller DMA");
                } else {
                    events.add(String.format("SD controller DMA write of %d bytes at 0x%x: not memory, dropped", from.length, address));
                }
            }

            @Override
            public void later(Runnable work) {
                if (scheduler.current() >= 0) {
                    outsideHooks(work); // inside a hart's MMIO hook: memory may not be remapped here
                } else {
                    work.run();
                }
            }
        };
    }

    private boolean inMemory(long address, long length) {
        Optional<Region> r = board.regionAt(address);
        return r.isPresent() && r.get().kind().isMemory() && address + length <= r.get().end();
    }

    /**
     * Releases hart {@code id} from reset at {@code pc} in its power-on state (M mode, registers zero,
     * {@code a0}.. set them afterwards through {@link #hart}). Its time starts at the machine's.
     */
    public void startHart(int id, long pc) {
        startHart(id, pc, frontierNanos());
    }

    private void startHart(int id, long pc, long atNanos) {
        C906Hart hart = harts[id];
        hart.reset(pc);
        for (Region r : board.regions()) {
            if (r.kind().isMemory()) {
                hart.invalidateCode(r.base(), r.end());
            }
        }
        clock.advanceTo(id, atNanos);
        scheduler.release(id);
    }

    /** Whether hart {@code id} is released and asleep in {@code wfi} (or stuck), waiting to be woken. */
    public boolean isAsleep(int id) {
        return !scheduler.isHeld(id) && scheduler.isWaiting(id);
    }

    public boolean isHeld(int id) {
        return scheduler.isHeld(id);
    }

    /** The first access the bus never answered, if any: its hart stays held. */
    public Optional<BusHang> busHang() {
        return busHang;
    }

    /** How many times the C906L has been released from reset so far (FSBL's release is the first). */
    public int c906lReleases() {
        return c906lReleases;
    }

    /**
     * Copies {@code data} to {@code address} (any RAM, ROM or SRAM region, bypassing protection),
     * records the write as {@code writer}'s in the write tracker, and drops any translated code there.
     */
    public void load(long address, byte[] data, String writer) {
        if (data.length == 0) {
            return;
        }
        Region r = memoryRegion(address, data.length);
        MemorySegment.copy(data, 0, segment(r), ValueLayout.JAVA_BYTE, address - r.base(), data.length);
        for (C906Hart hart : harts) {
            hart.invalidateCode(address, address + data.length);
        }
        if (r.kind() == Region.Kind.DRAM) {
            writes.hostWrite(address, data.length, writer, frontierNanos());
        }
    }

    /**
     * A register write made by code duoboot models instead of running (the Linux model's drivers,
     * which run on the C906B): it reaches the device exactly as {@code hart}'s store would, an
     * unmodelled address included (logged and dropped), a gated device included ({@link #busHang}).
     */
    public void deviceWrite(int hart, long address, int size, long value) {
        Optional<Region> r = deviceRegion(address);
        if (r.isEmpty()) {
            unimplemented.modelled(hart, true, address, size);
            return;
        }
        deviceHandlers.get(hart).get(r.get().name()).write(null, address - r.get().base(), size, value);
    }

    /** A register read made by modelled code on behalf of {@code hart} (see {@link #deviceWrite}). */
    public long deviceRead(int hart, long address, int size) {
        Optional<Region> r = deviceRegion(address);
        if (r.isEmpty()) {
            unimplemented.modelled(hart, false, address, size);
            return 0;
        }
        return deviceHandlers.get(hart).get(r.get().name()).read(null, address - r.get().base(), size);
    }

    private Optional<Region> deviceRegion(long address) {
        return board.regionAt(address).filter(r -> deviceHandlers.get(HART_C906B).containsKey(r.name()));
    }

    /** Reads guest memory (RAM, ROM or SRAM). */
    public byte[] read(long address, int length) {
        Region r = memoryRegion(address, length);
        return segment(r).asSlice(address - r.base(), length).toArray(ValueLayout.JAVA_BYTE);
    }

    public long readLong(long address) {
        Region r = memoryRegion(address, 8);
        return segment(r).get(ValueLayout.JAVA_LONG_UNALIGNED, address - r.base());
    }

    public int readInt(long address) {
        Region r = memoryRegion(address, 4);
        return segment(r).get(ValueLayout.JAVA_INT_UNALIGNED, address - r.base());
    }

    /** The memory region holding [address, address + length), or an exception naming the range. */
    public Region memoryRegion(long address, long length) {
        Optional<Region> r = board.regionAt(address);
        if (r.isEmpty() || !r.get().kind().isMemory() || address + length > r.get().end()) {
            throw new IllegalArgumentException(String.format("0x%x..0x%x is not inside one memory region of %s",
                    address, address + length, board.id()));
        }
        return r.get();
    }

    private MemorySegment segment(Region r) {
        return storage.get(r.aliasOf().orElse(r.name())).segment();
    }

    /** The boot flow's view of hart {@code id}. */
    public HartView hartView(int id) {
        return new HartView(harts[id]);
    }

    /** What a {@link #watch} sees: a hart about to execute the watched address. */
    @FunctionalInterface
    public interface Watch {
        /** True to end the current {@link #run} here, before the instruction executes. */
        boolean stopAt(HartView hart);
    }

    /**
     * Calls {@code watch} when any hart is about to execute {@code address} (a stage's entry); when it
     * answers true, the run ends there and {@link #run} returns, the hart's pc at {@code address}.
     */
    public void watch(long address, Watch watch) {
        List<Watch> here = watches.get(address);
        if (here != null) {
            here.add(watch);
            return;
        }
        List<Watch> list = new ArrayList<>(List.of(watch));
        watches.put(address, list);
        onFetch(address, h -> {
            HartView view = new HartView(h);
            for (Watch w : list) {
                if (w.stopAt(view)) {
                    requestStop(String.format("hart %d reached 0x%x", h.id(), address));
                    return FetchHandler.Action.STOP;
                }
            }
            return FetchHandler.Action.CONTINUE;
        });
    }

    /**
     * Work a hook cannot do inside the engine (copying into guest memory, remapping): the hart
     * stops at the next block, the work runs, and the same {@link #run} goes on.
     */
    void outsideHooks(Runnable work) {
        deferred.addLast(work);
        scheduler.requestStop(RunResult.Outcome.STOPPED, DEFERRED_WORK);
    }

    /**
     * Power-on through the mask ROM model: the ROM image goes to its address, its API is served to
     * hart 0 ({@link #installBootRom}), and its cold boot reads {@code medium} (param1, then FSBL into
     * SRAM, checksums checked). Hart 0 is then released at FSBL's entry in M mode; empty. When the
     * ROM refuses the medium, nothing runs and the ROM's reason is returned.
     */
    public Optional<BootRom.Refusal> powerOn(BootMedium medium) {
        BootRom rom = installBootRom(medium);
        C906Hart hart0 = harts[HART_C906B];
        Optional<BootRom.Refusal> refused = rom.coldBoot(hart0);
        if (refused.isEmpty()) {
            startHart(HART_C906B, hart0.pc());
            hart0.setPrivilege(dev.duoboot.cpu.Privilege.MACHINE);
        }
        return refused;
    }

    /**
     * The mask ROM model at ROM_BASE with its API served to hart 0 ({@code get_boot_src},
     * {@code load_image} from {@code medium}, {@code image_crc}, ...), without its cold boot: for a
     * BL2 started some other way ({@code duoboot run}). Once per machine.
     */
    public BootRom installBootRom(BootMedium medium) {
        if (bootRom.isPresent()) {
            throw new IllegalStateException("the mask ROM model is already installed");
        }
        BootRom rom = new BootRom(board.bootRom(), medium, new BootRom.Bus() {
            @Override
            public byte[] read(long address, int length) {
                return Machine.this.read(address, length);
            }

            @Override
            public void write(long address, byte[] data) {
                load(address, data, "mask ROM load_image for " + writes.phase().label());
            }
        }, text -> console.print(0, HART_C906B, text));
        load(board.bootRom().romBase(), rom.image(), "mask ROM");
        rom.install(harts[HART_C906B], (h, work) -> {
            outsideHooks(work);
            return FetchHandler.Action.STOP;
        });
        bootRom = Optional.of(rom);
        return rom;
    }

    /** Calls {@code handler} when any hart is about to execute {@code address} (see {@link C906Hart#onFetch}). */
    public void onFetch(long address, FetchHandler handler) {
        for (C906Hart hart : harts) {
            hart.onFetch(address, handler);
        }
    }

    /**
     * A routine done in Java (a boot-ROM API entry, high-level emulated): {@code handler} runs when a
     * hart calls {@code address}. If nothing is there yet, a {@code ret} is placed first, so a
     * handler that only sets {@code a0} and returns {@link FetchHandler.Action#CONTINUE} returns to
     * the caller (Unicorn 2.0.1 runs no hook on an undecodable instruction).
     */
    public void emulateRoutine(long address, FetchHandler handler) {
        if (readInt(address) == 0) {
            byte[] ret = {0x67, (byte) 0x80, 0x00, 0x00}; // jalr x0, 0(ra)
            load(address, ret, "emulated routine");
        }
        onFetch(address, handler);
    }

    /**
     * The guest reset or powered off the SoC (through the RTC, or the watchdog's expiry): what,
     * why, and when in virtual time. duoboot does not boot the chip again.
     */
    public record GuestStop(Kind kind, String why, long virtualNanos) {
        public enum Kind {
            RESET, POWER_OFF
        }

        /** "the guest reset the SoC at 1.234567890 s (why)". */
        public String describe() {
            return String.format("the guest %s the SoC at %d.%09d s (%s)", kind == Kind.RESET ? "reset" : "powered off",
                    virtualNanos / 1_000_000_000L, virtualNanos % 1_000_000_000L, why);
        }
    }

    /** How the guest ended the run itself, if it did. */
    public Optional<GuestStop> guestStop() {
        return guestStop;
    }

    /** Ends the current {@link #run} at the next block boundary, with {@code reason} as its detail. */
    public void requestStop(String reason) {
        scheduler.requestStop(RunResult.Outcome.STOPPED, reason);
    }

    /** Runs the released harts until a limit, the console pattern, or a requested stop. */
    public RunResult run(RunLimits limits) {
        limits.until().ifPresent(p -> console.until(p,
                () -> scheduler.requestStop(RunResult.Outcome.MATCHED, console.matched().orElse(""))));
        while (true) {
            RunResult r = scheduler.run(limits);
            if (deferred.isEmpty()) {
                return r;
            }
            while (!deferred.isEmpty()) {
                deferred.removeFirst().run();
            }
            // the run stopped only to do the work: go on; a stop for another reason stands
            if (r.outcome() != RunResult.Outcome.STOPPED || !DEFERRED_WORK.equals(r.detail())) {
                return r;
            }
        }
    }

    /** The most advanced released hart's virtual time. */
    public long frontierNanos() {
        long t = 0;
        for (int h = 0; h < harts.length; h++) {
            if (harts[h] != null && !scheduler.isHeld(h)) {
                t = Math.max(t, clock.nanos(h));
            }
        }
        return t;
    }

    // ---- for the scheduler --------------------------------------------------------------------

    C906Hart[] harts() {
        return harts;
    }

    Clint clint(int hart) {
        return clints[hart];
    }

    void beforeRun(int hart) {
        writes.beforeRun(hart);
        clints[hart].updateTimer();
    }

    /** Between scheduler slices: time-driven device state (a watchdog that expired meanwhile). */
    void afterSlice() {
        watchdog.ifPresent(Watchdog::poll);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (C906Hart hart : harts) {
            if (hart != null) {
                hart.close();
            }
        }
        storage.values().forEach(HostMemory::close);
    }
}
