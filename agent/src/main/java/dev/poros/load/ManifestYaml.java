package dev.poros.load;

import dev.poros.model.Json;
import java.io.CharArrayReader;
import java.io.InputStream;
import java.io.Reader;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.Event;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.InternCache;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * The YAML reader for manifests: Jackson's, with aliases expanded ({@link AliasExpander}) and
 * duplicate keys refused. Its size limit is the loader's (checked on the blob's size before it is
 * read), not snakeyaml's built-in 3 MB of code points.
 */
final class ManifestYaml {
  static final YAMLMapper MAPPER =
      YAMLMapper.builder(new ExpandingFactory())
          .nodeFactory(Json.NODES)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ManifestYaml() {}

  private static LoadSettings settings() {
    return LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build();
  }

  /** Jackson's YAML factory making {@link ExpandingParser}s. */
  private static final class ExpandingFactory extends YAMLFactory {
    ExpandingFactory() {
      super(YAMLFactory.builder().loadSettings(settings()));
    }

    @Override
    public YAMLFactory copy() {
      return new ExpandingFactory();
    }

    @Override
    protected YAMLParser _createParser(
        ObjectReadContext readCtxt, IOContext ioCtxt, InputStream in) {
      return parser(readCtxt, ioCtxt, _createReader(in, null, ioCtxt));
    }

    @Override
    protected YAMLParser _createParser(ObjectReadContext readCtxt, IOContext ioCtxt, Reader r) {
      return parser(readCtxt, ioCtxt, r);
    }

    @Override
    protected YAMLParser _createParser(
        ObjectReadContext readCtxt,
        IOContext ioCtxt,
        char[] data,
        int offset,
        int len,
        boolean recyclable) {
      return parser(readCtxt, ioCtxt, new CharArrayReader(data, offset, len));
    }

    @Override
    protected YAMLParser _createParser(
        ObjectReadContext readCtxt, IOContext ioCtxt, byte[] data, int offset, int len) {
      return parser(readCtxt, ioCtxt, _createReader(data, offset, len, null, ioCtxt));
    }

    private YAMLParser parser(ObjectReadContext readCtxt, IOContext ioCtxt, Reader reader) {
      return new ExpandingParser(
          readCtxt,
          ioCtxt,
          _getBufferRecycler(),
          readCtxt.getStreamReadFeatures(_streamReadFeatures),
          readCtxt.getFormatReadFeatures(_formatReadFeatures),
          _loadSettings,
          reader);
    }
  }

  /**
   * Jackson's YAML parser reading events through an {@link AliasExpander}, giving property names as
   * canonical instances: manifests repeat the same keys thousands of times, and each resource's
   * tree is held for a whole sync. (Jackson's JSON parser interns names; its YAML parser does not.
   * Short values are shared by the trees' node factory, {@link dev.poros.model.Json#NODES}.)
   */
  private static final class ExpandingParser extends YAMLParser {
    private final AliasExpander expander = new AliasExpander(super::nextEvent);

    ExpandingParser(
        ObjectReadContext readCtxt,
        IOContext ioCtxt,
        BufferRecycler br,
        int streamReadFeatures,
        int formatFeatures,
        LoadSettings loadSettings,
        Reader reader) {
      super(readCtxt, ioCtxt, br, streamReadFeatures, formatFeatures, loadSettings, reader);
    }

    @Override
    protected Event nextEvent() {
      return expander.next();
    }

    @Override
    public String currentName() {
      String name = super.currentName();
      return name == null ? null : InternCache.instance.intern(name);
    }
  }
}
