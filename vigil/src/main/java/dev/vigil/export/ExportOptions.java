package dev.vigil.export;

/**
 * How to export.
 *
 * @param format the output format, one of the platform's {@link Platform#formats()}
 * @param shape  Kubernetes only: bare containers (probes only), a Pod, or a Deployment
 * @param image  Kubernetes Pod/Deployment only: the container image written into the skeleton
 * @param vigil  how the exported commands call vigil inside the container or on the node
 *               (default {@code vigil}, found on PATH)
 */
public record ExportOptions(ExportFormat format, Shape shape, String image, String vigil) {

    /** What a Kubernetes export prints. */
    public enum Shape { CONTAINERS, POD, DEPLOYMENT }

    public static final String DEFAULT_IMAGE = "REPLACE-WITH-YOUR-IMAGE";

    public static ExportOptions defaults(Platform platform) {
        return new ExportOptions(platform.defaultFormat(), Shape.CONTAINERS, DEFAULT_IMAGE, "vigil");
    }

    public ExportOptions withFormat(ExportFormat f) {
        return new ExportOptions(f, shape, image, vigil);
    }

    public ExportOptions withShape(Shape s) {
        return new ExportOptions(format, s, image, vigil);
    }
}
