package io.retailhub.ops.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** What the log safety net masks in a message and in an exception, and what it leaves readable. */
class PiiLogFilterTest {
  private static final String LINE_OF_EVERY_SHAPE =
      "upsert failed for GC-0042 order HUB-7 qty 12 on 2026-11-29:"
          + " {\"FirstName\":\"Zephyrine\",\"LastName\":\"Quillfeather\",\"Email\":\"zq@probe.example\","
          + "\"MailingStreet\":\"417 Quillfeather Lane\",\"Phone\":\"+31 6 4917 3358\"}"
          + " escaped {\\\"name\\\":\\\"Zephyrine Quillfeather\\\"}"
          + " map {lastName=Quillfeather, sku=SKU-0001}"
          + " soql SELECT Id FROM Contact WHERE Email = 'zq@probe.example'"
          + " query email%3Dzq%40probe.example"
          + " text lives at Harbour Way 12 and Keizersgracht 123a, call (555) 123-4567";

  @Test
  void masksEveryShapeOfPersonalDataInAMessage() {
    String masked = PiiMasker.maskLogText(LINE_OF_EVERY_SHAPE);
    assertThat(masked)
        .doesNotContain("Zephyrine")
        .doesNotContain("Quillfeather")
        .doesNotContain("zq@")
        .doesNotContain("zq%40")
        .doesNotContain("4917")
        .doesNotContain("Harbour Way")
        .doesNotContain("Keizersgracht")
        .doesNotContain("123-4567")
        // what operators need stays
        .contains("GC-0042")
        .contains("HUB-7")
        .contains("qty 12")
        .contains("2026-11-29")
        .contains("sku=SKU-0001")
        .contains("***%40probe.example");
  }

  @Test
  void aRecordIsFormattedMaskedAndItsExceptionChainMaskedWithTheStackTraceKept() {
    ExtLogRecord record =
        new ExtLogRecord(
            Level.WARNING, "contact %s failed", ExtLogRecord.FormatStyle.PRINTF, "test");
    record.setParameters(new Object[] {"{\"Email\":\"zq@probe.example\"}"});
    IllegalStateException cause =
        new IllegalStateException("duplicate value: LastName=Quillfeather");
    RuntimeException thrown = new RuntimeException("write of zq@probe.example failed", cause);
    record.setThrown(thrown);

    assertThat(new PiiLogFilter().isLoggable(record)).isTrue();

    assertThat(record.getFormattedMessage()).isEqualTo("contact {\"Email\":\"***\"} failed");
    StringWriter trace = new StringWriter();
    record.getThrown().printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .contains("java.lang.RuntimeException: write of ***@probe.example failed")
        .contains("Caused by: java.lang.IllegalStateException: duplicate value: LastName=***")
        .contains(getClass().getName()) // the original frames
        .doesNotContain("zq@")
        .doesNotContain("Quillfeather");
  }

  @Test
  void aHealthReportKeepsTheNamesOfItsChecksAndItsExceptionIsStillMasked() {
    String report =
        "SRHCK01001: Reporting health down status: {\"status\":\"DOWN\",\"checks\":"
            + "[{\"name\":\"kafka\",\"status\":\"DOWN\"},{\"name\":\"artemis\",\"status\":\"UP\"}]}";
    ExtLogRecord health =
        new ExtLogRecord(
            Level.INFO, report, ExtLogRecord.FormatStyle.NO_FORMAT, PiiLogFilter.class.getName());
    health.setLoggerName(PiiLogFilter.HEALTH_REPORTER);
    health.setThrown(new IllegalStateException("check of zq@probe.example failed"));
    ExtLogRecord elsewhere =
        new ExtLogRecord(
            Level.INFO, report, ExtLogRecord.FormatStyle.NO_FORMAT, PiiLogFilter.class.getName());
    elsewhere.setLoggerName("io.retailhub.ops");

    assertThat(new PiiLogFilter().isLoggable(health)).isTrue();
    assertThat(new PiiLogFilter().isLoggable(elsewhere)).isTrue();

    assertThat(health.getFormattedMessage()).isEqualTo(report);
    assertThat(health.getThrown().getMessage()).isEqualTo("check of ***@probe.example failed");
    assertThat(elsewhere.getFormattedMessage())
        .doesNotContain("\"kafka\"")
        .contains("\"name\":\"***\"");
  }

  @Test
  void plainLinesPassUnchanged() {
    String line = "Started 42 routes in 1.2 s; consumer lag 0 on retail.order.status.v1";
    assertThat(PiiMasker.maskLogText(line)).isEqualTo(line);
  }

  @Test
  void operatorListsKeepTheInitialAndTheEmailDomain() throws Exception {
    assertThat(PiiMasker.emailInitialOnly("jane@example.com")).isEqualTo("j***@example.com");
    assertThat(PiiMasker.initialOnly("Doe")).isEqualTo("D***");
    assertThat(
            PiiMasker.initialsOnly(
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                            "{\"line1\":\"Sales Street 1\",\"mail\":\"a@b.example\",\"limit\":5}"))
                .toString())
        .isEqualTo("{\"line1\":\"S***\",\"mail\":\"a***@b.example\",\"limit\":5}");
  }
}
