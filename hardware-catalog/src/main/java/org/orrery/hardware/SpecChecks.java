package org.orrery.hardware;

/** Argument checks shared by the spec records. Each message names the field and the value. */
final class SpecChecks {

    private SpecChecks() {
    }

    static void requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank text, but is '" + value + "'");
        }
    }

    static void requirePositive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be positive and finite, but is " + value);
        }
    }

    static void requireNonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be zero or positive and finite, but is " + value);
        }
    }

    static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, but is " + value);
        }
    }

    static void requireAtLeast(String upperField, double upper, String lowerField, double lower) {
        if (lower > upper) {
            throw new IllegalArgumentException(lowerField + " (" + lower + ") exceeds " + upperField
                    + " (" + upper + "); " + lowerField + " must be at most " + upperField);
        }
    }
}
