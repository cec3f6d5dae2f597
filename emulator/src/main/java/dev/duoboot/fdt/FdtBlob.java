package dev.duoboot.fdt;

/**
 * A device tree as a stage handed it on: the blob as it lay in memory and the tree read from it,
 * read once. The tree is for reading; a stage that edits a tree works on its own copy.
 */
public record FdtBlob(byte[] blob, DeviceTree tree) {

    public FdtBlob {
        blob = blob.clone();
    }

    /** Reads {@code blob}; {@code name} names it in messages. */
    public static FdtBlob read(byte[] blob, String name) {
        return new FdtBlob(blob, Dtb.read(blob, name));
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    public int size() {
        return blob.length;
    }
}
