package dev.duoboot.cli;

import dev.duoboot.sdk.ElfFile;
import dev.duoboot.sdk.ElfHeader;
import dev.duoboot.sdk.ElfSection;
import dev.duoboot.sdk.ElfSymbol;
import dev.duoboot.sdk.ProgramHeader;
import dev.duoboot.sdk.ResourceTable;
import dev.duoboot.sdk.ResourceTable.Carveout;
import dev.duoboot.sdk.ResourceTable.DevMem;
import dev.duoboot.sdk.ResourceTable.Entry;
import dev.duoboot.sdk.ResourceTable.Found;
import dev.duoboot.sdk.ResourceTable.Lookup;
import dev.duoboot.sdk.ResourceTable.Missing;
import dev.duoboot.sdk.ResourceTable.OutsideTable;
import dev.duoboot.sdk.ResourceTable.Rejected;
import dev.duoboot.sdk.ResourceTable.Resource;
import dev.duoboot.sdk.ResourceTable.Trace;
import dev.duoboot.sdk.ResourceTable.Unsupported;
import dev.duoboot.sdk.ResourceTable.Vdev;
import dev.duoboot.sdk.ResourceTable.Vendor;
import dev.duoboot.sdk.ResourceTable.Verdict;
import dev.duoboot.sdk.ResourceTable.Vring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code duoboot elf FILE}: the firmware ELF as remoteproc sees it: header, PT_LOAD segments
 * (the kernel loads them at p_paddr), sections, symbols, and the {@code .resource_table} with the
 * kernel's checks on it.
 */
@Command(name = "elf", mixinStandardHelpOptions = true,
        description = {"Shows a firmware ELF: header, program headers, sections, symbols and the remoteproc"
                + " .resource_table with the messages the kernel's checks would print."})
public final class ElfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the ELF file (e.g. cvirtos.elf, arduino.elf)")
    Path file;

    @Option(names = "--symbols", description = "also list the symbol table")
    boolean symbols;

    @Option(names = "--json", description = "one JSON object on stdout")
    boolean json;

    @Override
    public Integer call() {
        ElfFile elf = ElfFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        Lookup rsc = ResourceTable.find(elf);
        if (json) {
            Json.print(out, toJson(elf, rsc));
        } else {
            printText(out, elf, rsc);
        }
        return 0;
    }

    private Map<String, Object> toJson(ElfFile elf, Lookup rsc) {
        ElfHeader h = elf.header().orElseThrow();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", elf.name());
        root.put("size", elf.size());
        Map<String, Object> hdr = new LinkedHashMap<>();
        hdr.put("class", h.is64() ? "ELF64" : "ELF32");
        hdr.put("data", h.data() == ElfHeader.ELFDATA2LSB ? "little-endian" : "big-endian");
        hdr.put("type", h.type());
        hdr.put("machine", h.machine());
        hdr.put("entry", Json.hex(h.entry()));
        hdr.put("phoff", h.phoff());
        hdr.put("shoff", h.shoff());
        hdr.put("flags", Json.hex(h.flags()));
        hdr.put("ehsize", h.ehsize());
        hdr.put("phentsize", h.phentsize());
        hdr.put("phnum", h.phnum());
        hdr.put("shentsize", h.shentsize());
        hdr.put("shnum", h.shnum());
        hdr.put("shstrndx", h.shstrndx());
        root.put("header", hdr);
        List<Object> phs = new ArrayList<>();
        for (ProgramHeader p : elf.programHeaders()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", p.typeName());
            m.put("offset", p.offset());
            m.put("vaddr", Json.hex(p.vaddr()));
            m.put("paddr", Json.hex(p.paddr()));
            m.put("filesz", p.filesz());
            m.put("memsz", p.memsz());
            m.put("flags", p.flagString().strip());
            m.put("align", p.align());
            phs.add(m);
        }
        root.put("programHeaders", phs);
        List<Object> secs = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.displayName());
            m.put("type", s.typeName());
            m.put("addr", Json.hex(s.addr()));
            m.put("offset", s.offset());
            m.put("size", s.size());
            secs.add(m);
        }
        root.put("sections", secs);
        if (symbols) {
            List<Object> syms = new ArrayList<>();
            for (ElfSymbol s : elf.symbols()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("value", Json.hex(s.value()));
                m.put("size", s.size());
                m.put("type", s.typeName());
                m.put("bind", s.bindName());
                m.put("shndx", s.shndx());
                syms.add(m);
            }
            root.put("symbols", syms);
        }
        root.put("resourceTable", resourceJson(rsc));
        return root;
    }

    private static Map<String, Object> resourceJson(Lookup rsc) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (rsc) {
            case Missing x -> {
                m.put("status", "missing");
                m.put("kernel", "find_table() returns -EINVAL without a message");
            }
            case Rejected r -> {
                m.put("status", "rejected");
                m.put("section", r.section().displayName());
                m.put("kernelMessage", r.kernelMessage());
            }
            case Found f -> {
                ResourceTable t = f.table();
                m.put("status", "found");
                m.put("addr", Json.hex(t.section().addr()));
                m.put("size", t.sizeBytes());
                m.put("version", t.version());
                m.put("num", t.num());
                List<Object> entries = new ArrayList<>();
                for (Entry e : t.entries()) {
                    Map<String, Object> em = new LinkedHashMap<>();
                    em.put("index", e.index());
                    em.put("offset", e.offset());
                    em.put("type", e.type());
                    em.put("avail", e.avail());
                    em.put("resource", resourceFields(e.resource()));
                    Verdict v = e.verdict(false);
                    em.put("kernel", v.outcome().name().toLowerCase(java.util.Locale.ROOT));
                    em.put("kernelMessage", v.message().isEmpty() ? null : v.message());
                    entries.add(em);
                }
                m.put("entries", entries);
            }
        }
        return m;
    }

    private static Map<String, Object> resourceFields(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (r) {
            case Carveout c -> {
                m.put("kind", "carveout");
                m.put("da", Json.hex(c.da()));
                m.put("pa", Json.hex(c.pa()));
                m.put("len", Json.hex(c.len()));
                m.put("flags", Json.hex(c.flags()));
                m.put("reserved", c.reserved());
                m.put("name", c.name());
            }
            case DevMem d -> {
                m.put("kind", "devmem");
                m.put("da", Json.hex(d.da()));
                m.put("pa", Json.hex(d.pa()));
                m.put("len", Json.hex(d.len()));
                m.put("flags", Json.hex(d.flags()));
                m.put("reserved", d.reserved());
                m.put("name", d.name());
            }
            case Trace t -> {
                m.put("kind", "trace");
                m.put("da", Json.hex(t.da()));
                m.put("len", Json.hex(t.len()));
                m.put("reserved", t.reserved());
                m.put("name", t.name());
            }
            case Vdev v -> {
                m.put("kind", "vdev");
                m.put("id", v.id());
                m.put("notifyid", v.notifyid());
                m.put("dfeatures", Json.hex(v.dfeatures()));
                m.put("configLen", v.configLen());
                m.put("numOfVrings", v.numOfVrings());
                List<Object> rings = new ArrayList<>();
                for (Vring x : v.vrings()) {
                    Map<String, Object> rm = new LinkedHashMap<>();
                    rm.put("da", Json.hex(x.da()));
                    rm.put("align", x.align());
                    rm.put("num", x.num());
                    rm.put("notifyid", x.notifyid());
                    rings.add(rm);
                }
                m.put("vrings", rings);
            }
            case Vendor x -> m.put("kind", "vendor");
            case Unsupported x -> m.put("kind", "unsupported");
            case OutsideTable x -> m.put("kind", "outside-table");
        }
        return m;
    }

    private void printText(PrintWriter out, ElfFile elf, Lookup rsc) {
        ElfHeader h = elf.header().orElseThrow();
        out.printf("%s: %s %s, type %d, machine %d%s, entry 0x%x, %d bytes%n", elf.name(), h.is64() ? "ELF64" : "ELF32",
                h.data() == ElfHeader.ELFDATA2LSB ? "little-endian" : "big-endian", h.type(), h.machine(),
                h.machine() == ElfHeader.EM_RISCV ? " (RISC-V)" : "", h.entry(), elf.size());
        out.println();
        out.printf("program headers (%d at 0x%x):%n", h.phnum(), h.phoff());
        out.printf("  %-16s %-10s %-18s %-18s %-10s %-10s %-3s %s%n", "TYPE", "OFFSET", "VADDR", "PADDR", "FILESZ",
                "MEMSZ", "FLG", "ALIGN");
        for (ProgramHeader p : elf.programHeaders()) {
            out.printf("  %-16s 0x%08x 0x%016x 0x%016x 0x%08x 0x%08x %s 0x%x%n", p.typeName(), p.offset(), p.vaddr(),
                    p.paddr(), p.filesz(), p.memsz(), p.flagString(), p.align());
        }
        out.println();
        out.printf("sections (%d at 0x%x):%n", h.shnum(), h.shoff());
        out.printf("  %-4s %-20s %-16s %-18s %-10s %s%n", "[Nr]", "NAME", "TYPE", "ADDR", "OFFSET", "SIZE");
        for (ElfSection s : elf.sections()) {
            out.printf("  [%2d] %-20s %-16s 0x%016x 0x%08x 0x%x%n", s.index(), s.displayName(), s.typeName(), s.addr(),
                    s.offset(), s.size());
        }
        if (symbols) {
            out.println();
            out.println("symbols:");
            for (ElfSymbol s : elf.symbols()) {
                out.printf("  0x%016x %8d %-7s %-6s %5d %s%n", s.value(), s.size(), s.typeName(), s.bindName(), s.shndx(),
                        s.name());
            }
        }
        out.println();
        switch (rsc) {
            case Missing x -> {
                out.println("resource table: none (no .resource_table section).");
                out.println("  The kernel's find_table() returns -EINVAL without a message; the cvitek driver then warns"
                        + " \"no resource table found for this firmware\" (the original Arduino driver fails with -22).");
            }
            case Rejected r -> out.printf("resource table: section %s rejected by find_table(): \"%s\"%n",
                    r.section().displayName(), r.kernelMessage());
            case Found f -> printTable(out, f.table());
        }
        out.flush();
    }

    private static void printTable(PrintWriter out, ResourceTable t) {
        out.printf("resource table at 0x%x (%d bytes): version %d, %d entries%n", t.section().addr(), t.sizeBytes(),
                t.version(), t.num());
        for (Entry e : t.entries()) {
            Verdict v = e.verdict(false);
            String verdict = switch (v.outcome()) {
                case OK -> "ok";
                case WARNING -> "kernel warns: " + v.message();
                case ERROR -> v.message().isEmpty() ? "kernel fails with -EINVAL (silently)" : "kernel: " + v.message();
                case UNDEFINED -> "undefined: " + v.message();
            };
            out.printf("  [%d] offset %d: %s  -- %s%n", e.index(), e.offset(), describe(e.resource()), verdict);
        }
    }

    private static String describe(Resource r) {
        return switch (r) {
            case Carveout c -> String.format("carveout \"%s\" da 0x%x pa 0x%x len 0x%x flags 0x%x", c.name(), c.da(),
                    c.pa(), c.len(), c.flags());
            case DevMem d -> String.format("devmem \"%s\" da 0x%x pa 0x%x len 0x%x flags 0x%x", d.name(), d.da(), d.pa(),
                    d.len(), d.flags());
            case Trace t -> String.format("trace \"%s\" da 0x%x len 0x%x", t.name(), t.da(), t.len());
            case Vdev v -> {
                StringBuilder sb = new StringBuilder(String.format("vdev id %d, %d vrings, config %d bytes", v.id(),
                        v.numOfVrings(), v.configLen()));
                for (Vring x : v.vrings()) {
                    sb.append(String.format("; vring da 0x%x align %d num %d", x.da(), x.align(), x.num()));
                }
                yield sb.toString();
            }
            case Vendor x -> "vendor type " + x.type();
            case Unsupported x -> "type " + x.type();
            case OutsideTable x -> "entry header outside the table";
        };
    }
}
