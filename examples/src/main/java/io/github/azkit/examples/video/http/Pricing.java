package io.github.azkit.examples.video.http;

import java.util.Map;

/** Regional prices: what a month costs by the country the IP-to-country table gives. */
final class Pricing {

    private static final Map<String, Integer> MONTHLY_USD = Map.of("IN", 9, "BR", 12, "ZZ", 29);

    private Pricing() {
    }

    static int monthlyPrice(String country) {
        return MONTHLY_USD.getOrDefault(country, 29);
    }
}
