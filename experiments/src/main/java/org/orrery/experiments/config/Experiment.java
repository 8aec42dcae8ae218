package org.orrery.experiments.config;

import java.nio.file.Path;
import java.util.List;

import org.orrery.hardware.AcceleratorSpec;
import org.orrery.model.cluster.NodeGroup;
import org.orrery.model.inference.ModelSpec;
import org.orrery.traces.TraceSource;

/**
 * A validated config with every name resolved: catalog entries, the model architecture and the
 * trace and carbon sources. {@code resolvedYaml} is the config after defaults and overrides, as
 * written to {@code resolved-config.yaml}.
 *
 * @param config the config values
 * @param configFile the file it was read from
 * @param resolvedYaml the full config with defaults filled in
 * @param nodeGroups the servers of the cluster
 * @param accelerator the GPU type of the serving instances
 * @param model the served model
 * @param trace the arrival trace, or for a synthetic trace the trace its token counts are fitted to
 * @param carbonSeries the carbon-intensity series, or null for a constant intensity
 */
public record Experiment(
        ExperimentConfig config,
        Path configFile,
        String resolvedYaml,
        List<NodeGroup> nodeGroups,
        AcceleratorSpec accelerator,
        ModelSpec model,
        TraceSource trace,
        TraceSource carbonSeries) {
}
