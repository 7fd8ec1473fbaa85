package io.retailhub.mapping.salesforce;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code ChangeEventHeader.changeType} of Salesforce Change Data Capture. */
public enum SalesforceChangeType {
  CREATE,
  UPDATE,
  DELETE,
  UNDELETE,
  GAP_CREATE,
  GAP_UPDATE,
  GAP_DELETE,
  GAP_UNDELETE,
  GAP_OVERFLOW;

  static final Map<String, SalesforceChangeType> BY_WIRE_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(Enum::name, Function.identity()));

  /** Gap events carry no field values: the record must be read to know its state. */
  public boolean isGap() {
    return name().startsWith("GAP_");
  }
}
