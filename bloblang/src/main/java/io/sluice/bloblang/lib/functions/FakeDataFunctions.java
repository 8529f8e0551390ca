package io.sluice.bloblang.lib.functions;

import io.sluice.bloblang.lib.Category;
import io.sluice.bloblang.lib.Example;
import io.sluice.bloblang.lib.FunctionSpec;
import io.sluice.bloblang.lib.Library;
import io.sluice.bloblang.lib.LibraryModule;
import io.sluice.bloblang.lib.Param;
import io.sluice.bloblang.runtime.Query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@code fake(function)}: random but plausible values by generator name, the names the original takes
 * from the go-faker library ({@code email}, {@code first_name}, {@code ipv4}, {@code sentence}...).
 */
public final class FakeDataFunctions implements LibraryModule {

    private static final List<String> FIRST_MALE = List.of("James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Joshua", "Kenneth", "Kevin");
    private static final List<String> FIRST_FEMALE = List.of("Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle");
    private static final List<String> LAST = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin");
    private static final List<String> CHINESE_FIRST = List.of("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟");
    private static final List<String> CHINESE_LAST = List.of("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡");
    private static final List<String> WORDS = List.of("lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "consequat");
    private static final List<String> TLDS = List.of("com", "net", "org", "info", "biz", "ru");
    private static final List<String> TIMEZONES = List.of("Africa/Cairo", "America/New_York", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin", "Europe/London", "Pacific/Auckland", "UTC");
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "BRL");
    private static final List<String> CC_TYPES = List.of("VISA", "MasterCard", "American Express", "Discover", "JCB", "Diners Club");
    private static final List<String> CENTURIES = List.of("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI");

    private static final Map<String, Supplier<Object>> GENERATORS = generators();

    @Override
    public void register(Library lib) {
        lib.addFunction(FunctionSpec.of("fake", Category.FAKE_DATA,
                        "A random but plausible value of the kind named, for test data: names, addresses, numbers, text. "
                                + "Values are made up and may repeat; an unknown kind is an error. Kinds: "
                                + String.join(", ", GENERATORS.keySet().stream().map(k -> "`" + k + "`").toList()) + ".")
                .param(Param.string("function", "The kind of value, one of the kinds listed above.").withDefault(""))
                .impure()
                .example(Example.of("A test customer.", "root.customer = {\"name\": fake(\"name\"), \"email\": fake(\"email\")}",
                        "{}", "{\"customer\":{\"name\":\"Linda Moore\",\"email\":\"qKfPzRw@bTyLmaC.net\"}}").untested()),
                args -> {
                    String name = args.string("function");
                    Supplier<Object> gen = GENERATORS.get(name);
                    if (gen == null) throw new IllegalArgumentException("invalid faker function: " + name);
                    return Query.of("function fake", ctx -> gen.get());
                });
    }

    private static Map<String, Supplier<Object>> generators() {
        Map<String, Supplier<Object>> g = new LinkedHashMap<>();
        g.put("latitude", () -> round(rnd().nextDouble(-90, 90), 6));
        g.put("longitude", () -> round(rnd().nextDouble(-180, 180), 6));
        g.put("unix_time", () -> randomInstant().getEpochSecond());
        g.put("date", () -> format(randomTime(), "yyyy-MM-dd"));
        g.put("time_string", () -> format(randomTime(), "HH:mm:ss"));
        g.put("month_name", () -> randomTime().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        g.put("year_string", () -> Integer.toString(randomTime().getYear()));
        g.put("day_of_week", () -> randomTime().getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        g.put("day_of_month", () -> format(randomTime(), "dd"));
        g.put("timestamp", () -> format(randomTime(), "yyyy-MM-dd HH:mm:ss"));
        g.put("century", () -> pick(CENTURIES));
        g.put("timezone", () -> pick(TIMEZONES));
        g.put("time_period", () -> rnd().nextBoolean() ? "AM" : "PM");
        g.put("email", () -> letters(7) + "@" + letters(7) + "." + pick(TLDS));
        g.put("mac_address", FakeDataFunctions::mac);
        g.put("domain_name", () -> letters(7) + "." + pick(TLDS));
        g.put("url", () -> (rnd().nextBoolean() ? "https" : "http") + "://www." + letters(7) + "." + pick(TLDS) + "/" + letters(7));
        g.put("username", () -> letters(7));
        g.put("ipv4", () -> rnd().nextInt(1, 256) + "." + rnd().nextInt(256) + "." + rnd().nextInt(256) + "." + rnd().nextInt(1, 256));
        g.put("ipv6", FakeDataFunctions::ipv6);
        g.put("password", () -> letters(50));
        g.put("jwt", FakeDataFunctions::jwt);
        g.put("word", () -> pick(WORDS));
        g.put("sentence", () -> sentence());
        g.put("paragraph", () -> {
            StringBuilder sb = new StringBuilder();
            int n = rnd().nextInt(3, 7);
            for (int i = 0; i < n; i++) sb.append(i > 0 ? " " : "").append(sentence());
            return sb.toString();
        });
        g.put("cc_type", () -> pick(CC_TYPES));
        g.put("cc_number", FakeDataFunctions::cardNumber);
        g.put("currency", () -> pick(CURRENCIES));
        g.put("amount_with_currency", () -> pick(CURRENCIES) + " " + String.format(Locale.ROOT, "%.2f", rnd().nextDouble(1, 100000)));
        g.put("title_male", () -> pick(List.of("Mr.", "Dr.", "Prof.", "Lord", "King", "Prince")));
        g.put("title_female", () -> pick(List.of("Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Lady", "Queen", "Princess")));
        g.put("first_name", () -> rnd().nextBoolean() ? pick(FIRST_MALE) : pick(FIRST_FEMALE));
        g.put("first_name_male", () -> pick(FIRST_MALE));
        g.put("first_name_female", () -> pick(FIRST_FEMALE));
        g.put("last_name", () -> pick(LAST));
        g.put("name", () -> (rnd().nextBoolean() ? pick(FIRST_MALE) : pick(FIRST_FEMALE)) + " " + pick(LAST));
        g.put("gender", () -> rnd().nextBoolean() ? "Male" : "Female");
        g.put("chinese_first_name", () -> pick(CHINESE_FIRST));
        g.put("chinese_last_name", () -> pick(CHINESE_LAST));
        g.put("chinese_name", () -> pick(CHINESE_LAST) + pick(CHINESE_FIRST));
        g.put("phone_number", () -> digits(3) + "-" + digits(3) + "-" + digits(4));
        g.put("toll_free_phone_number", () -> "(" + pick(List.of("800", "888", "877", "866", "855")) + ") " + digits(3) + "-" + digits(4));
        g.put("e164_phone_number", () -> "+" + rnd().nextInt(1, 99) + digits(10));
        g.put("uuid_hyphenated", () -> UUID.randomUUID().toString());
        g.put("uuid_digit", () -> UUID.randomUUID().toString().replace("-", ""));
        return g;
    }

    private static ThreadLocalRandom rnd() {
        return ThreadLocalRandom.current();
    }

    private static String pick(List<String> l) {
        return l.get(rnd().nextInt(l.size()));
    }

    private static double round(double d, int places) {
        double f = Math.pow(10, places);
        return Math.round(d * f) / f;
    }

    private static Instant randomInstant() {
        return Instant.ofEpochSecond(rnd().nextLong(0, Instant.now().getEpochSecond()));
    }

    private static ZonedDateTime randomTime() {
        return randomInstant().atZone(ZoneOffset.UTC);
    }

    private static String format(ZonedDateTime t, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(t);
    }

    private static String letters(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = rnd().nextInt(52);
            sb.append((char) (c < 26 ? 'a' + c : 'A' + c - 26));
        }
        return sb.toString();
    }

    private static String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('0' + rnd().nextInt(10)));
        return sb.toString();
    }

    private static String sentence() {
        int n = rnd().nextInt(5, 12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String w = pick(WORDS);
            if (i == 0) w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            sb.append(i > 0 ? " " : "").append(w);
        }
        return sb.append('.').toString();
    }

    private static String mac() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) sb.append(i > 0 ? ":" : "").append(String.format("%02x", rnd().nextInt(256)));
        return sb.toString();
    }

    private static String ipv6() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) sb.append(i > 0 ? ":" : "").append(Integer.toHexString(rnd().nextInt(65536)));
        return sb.toString();
    }

    private static String jwt() {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = enc.encodeToString(("{\"sub\":\"" + letters(10) + "\",\"name\":\"" + letters(8) + "\",\"iat\":" + randomInstant().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        byte[] sig = new byte[32];
        rnd().nextBytes(sig);
        return header + "." + payload + "." + enc.encodeToString(sig);
    }

    /** A 16 digit number that passes the Luhn check. */
    private static String cardNumber() {
        int[] d = new int[16];
        d[0] = 4;
        for (int i = 1; i < 15; i++) d[i] = rnd().nextInt(10);
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            int v = d[i];
            if (i % 2 == 0) {
                v *= 2;
                if (v > 9) v -= 9;
            }
            sum += v;
        }
        d[15] = (10 - sum % 10) % 10;
        StringBuilder sb = new StringBuilder();
        for (int v : d) sb.append(v);
        return sb.toString();
    }
}
