package org.orrery.model.inference;

import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.AcceleratorSpec.TensorPrecision;

/** Small hand-made specs whose numbers make the expected values easy to derive. */
final class TestModels {
    /** 1e9 parameters, 16 layers of width 2,048, 16 heads of 128: KV = 2 x 16 x 16 x 128 x 2 B = 131,072 B per token. */
    static final ModelSpec SMALL = new ModelSpec("small-1b", 1e9, 16, 2048, 16, 16, 2.0, 2.0, 4096);

    /** 100 TFLOP/s, 80e9 B, 1 TB/s, link 100 GB/s; idle 100 W, TDP 400 W. */
    static final AcceleratorSpec GPU = new AcceleratorSpec("test-gpu", "test", TensorPrecision.BF16, 100e12, 80e9,
            1e12, 400, 100, 100e9, 1.0 / 3600, 0, 1e8);

    private TestModels() {
    }
}
