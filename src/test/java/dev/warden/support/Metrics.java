package dev.warden.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's Prometheus metrics at {@code /q/metrics}, read as an operator's scraper reads them. */
public final class Metrics {

    private Metrics() {}

    /** The whole exposition of the server under test. */
    public static String text() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The current value of one series of the server under test; 0 when absent. */
    public static double value(String series) {
        return value(text(), series);
    }

    /** The value of one series, e.g. {@code warden_logins_total{result="failure"}}, in {@code text}; 0 when absent. */
    public static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
