package dev.poros.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stored times read back as they were written, whatever their precision. */
class RowsTest {
  @Test
  void anInstantReadsBackAsInstantParseReadsIt() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 253_402_300_799L); // 1906 … 9999-12-31
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      String text = Instant.ofEpochSecond(seconds, nanos).toString();
      assertThat(Rows.instant(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void otherFormsGoToTheIsoParser() {
    assertThat(Rows.instant("2026-12-02T17:55:11+01:00"))
        .isEqualTo(Instant.parse("2026-12-02T16:55:11Z"));
    assertThatThrownBy(() -> Rows.instant("2026-13-02T17:55:11Z"))
        .isInstanceOf(DateTimeException.class);
    assertThat(Rows.instant("2026-12-02T17:55:11.Z"))
        .isEqualTo(Instant.parse("2026-12-02T17:55:11.Z"));
    assertThatThrownBy(() -> Rows.instant("2026-12-02T17:55:1xZ"))
        .isInstanceOf(DateTimeParseException.class);
  }
}
