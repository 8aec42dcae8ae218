package org.orrery.traces;

/**
 * Choice between the two carbon intensity columns of an Electricity Maps export. Both are
 * consumption-based averages over the grid zone, including imports, in grams of CO2-equivalent per
 * kWh. Neither is a marginal signal.
 */
public enum CarbonIntensityColumn {

  /** {@code Carbon Intensity gCO₂eq/kWh (direct)}: emissions from burning fuel only. */
  DIRECT("(direct)"),

  /**
   * {@code Carbon Intensity gCO₂eq/kWh (LCA)}: direct emissions plus the life-cycle emissions of
   * building, fuelling and decommissioning the plants.
   */
  LCA("(LCA)");

  private final String headerSuffix;

  CarbonIntensityColumn(String headerSuffix) {
    this.headerSuffix = headerSuffix;
  }

  /** Returns the text that ends this column's name in an Electricity Maps header. */
  String headerSuffix() {
    return headerSuffix;
  }
}
