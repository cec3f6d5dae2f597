package dev.duoboot.linux;

import dev.duoboot.sdk.ElfFile;

/** A remoteproc platform driver: what it binds to and its {@code rproc_ops}. */
public sealed interface RprocDriver permits CvitekRproc, MainlineStyleRproc, SophgoC906lRproc {

    /** The driver's name, the first word of its {@code dev_*()} lines. */
    String driverName();

    String compatible();

    /**
     * The probe up to {@code rproc_add()}: 0, or the error it returns, having printed its own
     * lines and explained the failure. The vendor drivers only need {@code firmware-name}.
     */
    default int probe(Remoteproc rproc, boolean hasFirmwareName) {
        return hasFirmwareName ? 0 : rproc.failWithoutFirmwareName();
    }

    /** {@code ops->prepare}; 0 when the driver has none. */
    default int prepare(Remoteproc rproc) {
        return 0;
    }

    /** {@code ops->parse_fw}. */
    int parseFw(Remoteproc rproc, ElfFile fw);

    /** {@code ops->start}. */
    int start(Remoteproc rproc);

    /** {@code ops->stop}. */
    int stop(Remoteproc rproc);
}
