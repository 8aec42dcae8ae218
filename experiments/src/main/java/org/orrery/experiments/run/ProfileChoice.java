package org.orrery.experiments.run;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.config.ExperimentConfig;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.model.inference.IterationProfile;
import org.orrery.model.inference.LayerTableProfile;
import org.orrery.model.inference.ProfileProvenance;
import org.orrery.traces.TraceFormatException;
import org.orrery.traces.profiles.LayerTableReader;

/**
 * The measured profile that {@code serving.performance.profile} selects, loaded and checked against
 * the experiment: its model and tensor-parallel degree (by the loaders) and the GPU it was measured
 * on. Every problem becomes a {@link ConfigException} that names the key, so that {@code orrery
 * validate} and {@code orrery run} report a missing folder or a wrong name the same way.
 *
 * @param iteration an LLMServingSim 2.0 profile, or null
 * @param layerTable an LLMServingSim v0 layer table, or null
 */
record ProfileChoice(IterationProfile iteration, LayerTableProfile layerTable) {
    private static final String KEY = "serving.performance.profile";

    /** Returns the profile the experiment selects, or null when it uses the roofline. */
    static ProfileChoice load(Experiment experiment) {
        ExperimentConfig.PerformanceConfig choice = experiment.config().serving().performance();
        if (!"profile".equals(choice.model())) {
            return null;
        }
        Path base = experiment.configFile() == null ? null : experiment.configFile().toAbsolutePath().getParent();
        int tensorParallel = experiment.config().serving().tensorParallel();
        ProfileChoice loaded;
        try {
            if (LayerTableReader.isLayerTable(choice.profile(), base)) {
                loaded = new ProfileChoice(null,
                        LayerTableLoader.load(choice.profile(), base, experiment.model(), tensorParallel));
            } else {
                loaded = new ProfileChoice(ProfileLoader.load(choice.profile(), base, experiment.model(),
                        tensorParallel), null);
            }
        } catch (UncheckedIOException | IllegalArgumentException | TraceFormatException e) {
            String message = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage();
            throw problem(experiment, "invalid profile '" + choice.profile() + "': " + message);
        }
        ProfileProvenance provenance = loaded.iteration() != null ? loaded.iteration().provenance()
                : loaded.layerTable().provenance();
        AcceleratorSpec gpu = experiment.accelerator();
        if (!measuredOn(provenance.gpu(), gpu.name())) {
            throw problem(experiment, "profile '" + choice.profile() + "' was measured on " + provenance.gpu()
                    + " but the instances run on " + gpu.name() + ": use a profile measured on " + gpu.name()
                    + ", or set serving.performance.model: roofline");
        }
        return loaded;
    }

    /**
     * Returns whether a profile measured on {@code measuredGpu} (for example {@code "NVIDIA GeForce
     * RTX 4090"}) fits the catalog accelerator {@code acceleratorName} (for example {@code
     * "RTX-4090-24GB"}): every word of the measured name that contains a digit, such as {@code 4090}
     * or {@code h100}, must be a word of the accelerator's name. A name without such a word, such as
     * {@code "unknown GPU"}, fits any accelerator.
     */
    static boolean measuredOn(String measuredGpu, String acceleratorName) {
        Set<String> accelerator = Set.copyOf(words(acceleratorName));
        return words(measuredGpu).stream().filter(word -> word.chars().anyMatch(Character::isDigit))
                .allMatch(accelerator::contains);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).filter(w -> !w.isEmpty())
                .collect(Collectors.toList());
    }

    private static ConfigException problem(Experiment experiment, String text) {
        return new ConfigException(String.valueOf(experiment.configFile()), List.of(KEY + ": " + text));
    }
}
