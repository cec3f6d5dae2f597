package dev.duoboot.linux;

import static dev.duoboot.linux.KernelRule.*;

import dev.duoboot.DuobootException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A kernel line as data: the list of rules it follows, exactly one per {@link KernelRule.Group}.
 * The model code asks {@link #uses} and never switches on the profile's name.
 */
public record KernelProfile(String name, String description, Set<KernelRule> rules, KernelImage image) {

    public KernelProfile {
        rules = Set.copyOf(EnumSet.copyOf(rules));
        for (KernelRule.Group g : KernelRule.Group.values()) {
            long n = rules.stream().filter(r -> r.group() == g).count();
            if (n != 1) {
                throw new IllegalArgumentException("profile " + name + " has " + n + " rules for " + g);
            }
        }
    }

    public boolean uses(KernelRule rule) {
        return rules.contains(rule);
    }

    public KernelRule rule(KernelRule.Group group) {
        return rules.stream().filter(r -> r.group() == group).findFirst().orElseThrow();
    }

    /** The profiles that decide {@code group} differently from this one, with their rule. */
    public List<String> alternatives(KernelRule.Group group) {
        KernelRule mine = rule(group);
        List<String> out = new ArrayList<>();
        for (KernelProfile p : ALL) {
            if (p.rule(group) != mine) {
                out.add(p.name + " (" + p.rule(group) + ")");
            }
        }
        return out;
    }

    private static final Set<KernelRule> SDK_COMMON = EnumSet.of(
            MEMORY_ANY_DEPTH_NO_STATUS, MEMORY_REG_WHOLE_PAIRS, MIN_ADDR_DRAM_BASE, MEM_PARAM_IGNORED,
            RMEM_NODE_DEPTH1_EXACT_ALL_DESCENDANTS, RMEM_CODE_IN_FDT_C, NOMAP_REMOVE, RESERVE_FAILURE_INFO,
            INVALID_REG_SKIPS, SAVE_IN_EARLY_SCAN, MEMRESERVE_BEFORE_RMEM, ALLOC_FIND_THEN_REMOVE_OR_RESERVE,
            ALLOC_FAILURE_INFO, ALLOC_RANGES_INVALID_SKIPS, CMA_ALIGN_4M, OVERLAP_SORT_BASE_SIZE,
            INIT_FAIL_FREE_AND_READD, NO_SUMMARY_LINE, RESERVED_MEM_SIZE_PARAM, ION_REGIONS_DECLARED, NO_MACHINE_MODEL_LINE, MEMINFO_IN_START_KERNEL,
            RPROC_START_RUNNING_BUSY, RPROC_MEMSZ0_LOADED, RPROC_NO_SHDR_BOUNDS, CMDQU_MISC_DEVICE, CLK_EFUSE_LEFT_ON);

    private static Set<KernelRule> with(Set<KernelRule> base, KernelRule... changes) {
        EnumSet<KernelRule> out = EnumSet.copyOf(base);
        for (KernelRule r : changes) {
            out.removeIf(x -> x.group() == r.group());
            out.add(r);
        }
        return out;
    }

    public static final KernelProfile CVITEK_5_10_A = new KernelProfile("cvitek-5.10-a",
            "vendor 5.10 (SDK of_reserved_mem.c @4f81018 / sophgo @4a2d0a8): 64 entries, name pointer, scan in setup_bootmem with the DTB kept mapped",
            with(SDK_COMMON, BOOTMEM_SDK_A, DTB_STAYS_MAPPED, TABLE_64, NAME_POINTER), KernelImage.VENDOR_5_10);
    public static final KernelProfile CVITEK_5_10_B = new KernelProfile("cvitek-5.10-b",
            "vendor 5.10 before the Arduino patch (SDK @95dcbe5 / sophgo @db9145e): 4 entries, char name[8], scan at the end of setup_bootmem",
            with(SDK_COMMON, BOOTMEM_SDK_B, DTB_EARLY_VA_UNMAPPED, TABLE_4, NAME_COPY_8), KernelImage.VENDOR_5_10);
    public static final KernelProfile CVITEK_5_10_C = new KernelProfile("cvitek-5.10-c",
            "vendor 5.10 with the Arduino remoteproc patch (SDK @7221d23, milkv v2): 4 entries, name[8] unless CONFIG_CVITEK_REMOTEPROC=y, scan after unflatten",
            with(SDK_COMMON, BOOTMEM_SDK_C, DTB_STAYS_MAPPED, TABLE_4, NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN), KernelImage.VENDOR_5_10);
    public static final KernelProfile CVITEK_5_10_D = new KernelProfile("cvitek-5.10-d",
            "vendor 5.10 with the Arduino patch and PR #174 (milkv-duo/duo-buildroot-sdk, ef69d2559fe9 ported): the DTB in the fixmap, "
                    + "the scan back in setup_bootmem, 4 entries, name[8] unless CONFIG_CVITEK_REMOTEPROC=y",
            with(SDK_COMMON, BOOTMEM_SDK_A, DTB_STAYS_MAPPED, TABLE_4, NAME_COPY_8_UNLESS_REMOTEPROC_BUILTIN), KernelImage.VENDOR_5_10);
    public static final KernelProfile LINUX_5_10 = new KernelProfile("linux-5.10",
            "vanilla 5.10.y (5.10.20 ... 5.10.135+) on RISC-V",
            with(SDK_COMMON, MIN_ADDR_KERNEL_LOAD, BOOTMEM_VANILLA_5_10, DTB_EARLY_VA_UNMAPPED, TABLE_64, NAME_POINTER,
                    NOMAP_BUSY_IF_RESERVED, NO_RESERVED_MEM_SIZE_PARAM, NO_ION_REGIONS, NO_CMDQU_DRIVER), KernelImage.VENDOR_5_10.standingInFor("vanilla 5.10.y"));
    public static final KernelProfile LINUX_6_1 = new KernelProfile("linux-6.1", "6.1 LTS (read: 6.1.192)",
            with(SDK_COMMON, MEMORY_ROOT_CHILDREN_OKAY, MIN_ADDR_KERNEL_LOAD, MEM_PARAM_LIMITS, BOOTMEM_6_1, DTB_STAYS_MAPPED,
                    RMEM_NODE_PATH_DIRECT_CHILDREN, NOMAP_BUSY_IF_MEMORY_AND_RESERVED, RESERVE_FAILURE_ERR, TABLE_64,
                    NAME_POINTER, ALLOC_PHYS_ALLOC_THEN_NOMAP, ALLOC_FAILURE_ERR, CMA_ALIGN_2M, INIT_FAIL_CLEAR_NOMAP_OR_FREE,
                    NO_RESERVED_MEM_SIZE_PARAM, NO_ION_REGIONS, MACHINE_MODEL_LINE, RPROC_START_RUNNING_OK, RPROC_MEMSZ0_SKIPPED,
                    NO_CMDQU_DRIVER), KernelImage.LINUX_6_1_TINY);
    public static final KernelProfile LINUX_6_6 = new KernelProfile("linux-6.6", "6.6 LTS (read: 6.6.14)",
            with(LINUX_6_1.rules, MIN_ADDR_ZERO, MEMRESERVE_AFTER_RMEM, ALLOC_NEXT_TO_RESERVED, OVERLAP_SORT_BASE_SIZE_NODE,
                    SUMMARY_LINE), KernelImage.LINUX_6_1_TINY.standingInFor("6.6"));
    public static final KernelProfile LINUX_6_12 = new KernelProfile("linux-6.12", "6.12 LTS (read: 6.12.117)",
            with(LINUX_6_6.rules, SAVE_LATE_FIRST_ENTRY, RMEM_CODE_IN_OF_RESERVED_MEM_C, RPROC_SHDR_BOUNDS, MEMINFO_IN_PAGE_ALLOC_INIT_LATE, CLK_UNUSED_GATES_EFUSE), KernelImage.LINUX_6_12_TINY);
    public static final KernelProfile MAINLINE = new KernelProfile("mainline", "6.19 / 7.0",
            with(LINUX_6_12.rules, SAVE_LATE_SINGLE_ENTRY, MEMORY_REG_EXACT_MULTIPLE, INVALID_REG_AS_ABSENT,
                    ALLOC_RANGES_INVALID_AS_ABSENT), KernelImage.LINUX_6_12_TINY.standingInFor("6.19/7.0"));

    public static final List<KernelProfile> ALL = List.of(CVITEK_5_10_A, CVITEK_5_10_B, CVITEK_5_10_C, CVITEK_5_10_D, LINUX_5_10,
            LINUX_6_1, LINUX_6_6, LINUX_6_12, MAINLINE);

    public static Optional<KernelProfile> byName(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** The profile, or a one-line error listing the known names. */
    public static KernelProfile require(String name, String place) {
        return byName(name).orElseThrow(() -> new DuobootException(place + ": unknown kernel profile '" + name
                + "', expected one of " + String.join(", ", ALL.stream().map(KernelProfile::name).toList())));
    }
}
