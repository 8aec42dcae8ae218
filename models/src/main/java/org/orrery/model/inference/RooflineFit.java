package org.orrery.model.inference;

import org.orrery.hardware.AcceleratorSpec;

/**
 * Fits the efficiency factors of a {@link RooflinePerformanceModel} to a measured {@link
 * IterationProfile}, so that the roofline continues the profile beyond its measured grid.
 *
 * <p>Compute efficiency is the FLOP/s the non-attention layers reach at the largest measured token
 * count divided by peak: {@code 2 x parameters x tokens / (time x GPUs x peak FLOP/s)}. Memory
 * efficiency is the bandwidth they reach for one token, where reading the weights dominates:
 * {@code weight bytes / (time x GPUs x peak bandwidth)}. Both are capped at 1. The other factors
 * keep the values of {@code base}. Limits: attention efficiency is not fitted, and the all-reduce
 * costs of a tensor-parallel profile stay inside the layer times, so they are counted twice when
 * {@code base} adds its own all-reduce term.
 */
public final class RooflineFit {
    private RooflineFit() {
    }

    /** Returns {@code base} with compute and memory efficiency fitted to {@code profile}. */
    public static RooflineParameters fit(IterationProfile profile, ModelSpec model, AcceleratorSpec gpu,
            RooflineParameters base) {
        int gpus = profile.tensorParallel();
        double maxTokens = profile.perLayerSeconds().maxX();
        double largeSeconds = profile.denseSeconds(maxTokens) + profile.perSequenceSeconds().valueAt(1);
        double computeEfficiency = 2.0 * model.activeParameterCount() * maxTokens
                / (largeSeconds * gpus * gpu.denseTensorFlopsPerSecond());

        double smallSeconds = profile.denseSeconds(1) + profile.perSequenceSeconds().valueAt(1);
        double memoryEfficiency = model.weightBytes() / (smallSeconds * gpus * gpu.memoryBandwidthBytesPerSecond());

        return new RooflineParameters(Math.min(1.0, computeEfficiency), Math.min(1.0, memoryEfficiency),
                base.interconnectEfficiency(), base.allReduceStepLatencySeconds(), base.iterationOverheadSeconds(),
                base.activationBytes(), base.attentionEfficiency(), base.hostSecondsPerIteration(),
                base.prefillSecondsPerSequence());
    }
}
