package org.orrery.hardware;

import java.util.Objects;

/**
 * Provenance of one catalog value, as written in the catalog file.
 *
 * <p>A value is either read from a source ({@code citation} is set and {@code assumption} is
 * false) or a stated assumption ({@code assumption} is true and {@code reason} gives the grounds
 * for the choice). An assumption may still name the source it was derived from. Absent texts are
 * empty strings, never null.
 *
 * @param entity name of the accelerator or server, for example {@code "H100-SXM5-80GB"}
 * @param field catalog key, for example {@code "tdp"}
 * @param writtenValue the value with its unit as written in the file, for example {@code "700 W"}
 * @param citation the citation text of the source id, or empty
 * @param assumption whether the value is an assumption rather than a figure read from the source
 * @param reason why the assumed value was chosen, or empty if {@code assumption} is false
 * @param note remark such as the key of the upstream file, or empty
 */
public record SourcedValue(
        String entity,
        String field,
        String writtenValue,
        String citation,
        boolean assumption,
        String reason,
        String note) {

    /**
     * Validates the provenance rules.
     *
     * @throws IllegalArgumentException if an assumption has no reason, or a non-assumption has no
     *     citation
     * @throws NullPointerException if a text is null
     */
    public SourcedValue {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(writtenValue, "writtenValue");
        Objects.requireNonNull(citation, "citation");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(note, "note");
        if (assumption && reason.isBlank()) {
            throw new IllegalArgumentException(entity + "." + field + " is an assumption without a reason");
        }
        if (!assumption && citation.isBlank()) {
            throw new IllegalArgumentException(entity + "." + field + " has neither a source nor an assumption");
        }
    }

    /** Returns one line for display, for example {@code "tdp = 700 W (source: ...; note: gpu.power)"}. */
    public String describe() {
        StringBuilder line = new StringBuilder(field).append(" = ").append(writtenValue).append(" (");
        if (assumption) {
            line.append("assumption: ").append(reason);
            if (!citation.isBlank()) {
                line.append("; derived from: ").append(citation);
            }
        } else {
            line.append("source: ").append(citation);
        }
        if (!note.isBlank()) {
            line.append("; note: ").append(note);
        }
        return line.append(')').toString();
    }
}
