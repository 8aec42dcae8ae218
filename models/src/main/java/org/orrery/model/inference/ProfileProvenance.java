package org.orrery.model.inference;

/**
 * The hardware and software stack a profile was measured on. Iteration times move with every one
 * of these, so a profile applies only to the stack it names.
 *
 * @param gpu the GPU as the profiler reported it, for example {@code "NVIDIA GeForce RTX 4090"}
 * @param engine the serving engine, for example {@code "vLLM"}
 * @param engineVersion the engine version, for example {@code "0.19.0"}
 * @param cudaVersion the CUDA version the engine ran on
 * @param attentionBackend the attention kernels, or a statement that the profiler did not record them
 * @param source where the tables come from: repository, commit and path
 */
public record ProfileProvenance(String gpu, String engine, String engineVersion, String cudaVersion,
        String attentionBackend, String source) {

    /** Returns a one-line description for logs and reports. */
    public String describe() {
        return gpu + ", " + engine + " " + engineVersion + ", CUDA " + cudaVersion + ", attention " + attentionBackend;
    }
}
