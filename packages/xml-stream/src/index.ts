export {
  streamXml,
  streamXmlString,
  TEXT_CUT_MARKER,
  DEFAULT_MAX_DEPTH,
  type XmlOpenTag,
  type XmlHandlers,
  type XmlStreamOptions,
  type XmlStreamResult,
  type XmlWarning,
} from './stream-xml'
