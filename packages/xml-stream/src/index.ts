export {
  streamXml,
  streamXmlString,
  TEXT_CUT_MARKER,
  type XmlOpenTag,
  type XmlHandlers,
  type XmlStreamOptions,
  type XmlStreamResult,
  type XmlWarning,
} from './stream-xml'
