package io.sluice.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Where a client is, as an analytics record carries it (the shape of Tyk's {@code geo}): the country's ISO code, the
 * city's GeoNames id and names, and the location's coordinates and time zone. Parts the database does not know are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeoData(
        @JsonProperty("country") Country country,
        @JsonProperty("city") City city,
        @JsonProperty("location") Location location) {

    public record Country(@JsonProperty("iso_code") String isoCode) {
    }

    /** @param names the city's name per language code ({@code en}, {@code de}, ...) */
    public record City(@JsonProperty("geoname_id") Long geonameId, @JsonProperty("names") Map<String, String> names) {
    }

    public record Location(@JsonProperty("latitude") Double latitude, @JsonProperty("longitude") Double longitude,
                           @JsonProperty("time_zone") String timeZone) {
    }
}
