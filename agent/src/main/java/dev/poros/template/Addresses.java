package dev.poros.template;

import java.util.Map;

/**
 * What DataOS's template function {@code resolve} reads: a DataOS address turned into what its
 * depot says of it. Throws {@link IllegalArgumentException} (why) for one it cannot resolve.
 */
@FunctionalInterface
public interface Addresses {
  /** Resolves nothing: each address is an error. */
  Addresses NONE =
      address -> {
        throw new IllegalArgumentException("no depots to resolve " + address + " against");
      };

  Map<String, Object> resolve(String address);
}
