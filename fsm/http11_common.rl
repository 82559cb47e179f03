%%{
# http11_common.rl - the HTTP/1.1 request grammar (RFC 9110, RFC 9112,
# RFC 3986), without host code.
#
# Included by fsm/http11.rl, which defines every action named here and
# compiles the machine to gen/fsm/http11.c. This file is include-only.
#
# Decisions a reader should know:
#  - Line ends are strict CRLF everywhere (request line, fields, chunk lines,
#    trailers). A bare LF or a bare CR is a syntax error (400). RFC 9112 §2.2
#    allows a recipient to accept a bare LF; we do not, so that no front proxy
#    can disagree with us about where a line ends (request smuggling).
#  - Empty lines (CRLF) before the request line are skipped (RFC 9112 §2.2).
#  - Exactly one SP separates the parts of the request line.
#  - Obsolete line folding, whitespace before the colon of a field and
#    whitespace between the request line and the first field are errors.
#  - Field values may hold obs-text (0x80-0xFF) but no NUL, CR, LF or other
#    control characters except HTAB. Leading and trailing OWS is trimmed by
#    the host.
#  - request-target accepts the four forms of RFC 9112 §3.2. Paths and
#    queries take RFC 3986 pchar plus the characters browsers leave
#    unencoded ([ ] { } | ^ ` \); "%" must start a valid escape. Userinfo
#    ("user@") in an absolute-form target is refused (RFC 9110 §4.2.4).
#  - HTTP-version takes "HTTP/" 1-3 digits, optionally "." 1-3 digits, so
#    that "HTTP/2.0" or "HTTP/3" parse and are then refused with 505 by the
#    host; anything else is a syntax error.
#  - The host skips runs of field-name and field-value bytes in C, which
#    relies on field_name being tchar+ and field_value one loop over a
#    single byte class; keep them so (see skip_token/skip_value).
#  - Method, version and field semantics (known methods, Content-Length,
#    Transfer-Encoding, Host, limits) are checked by the host's actions.
#
# Instantiations: main (the request head), chunk_head (one chunk-size line),
# chunk_tail (the CRLF after chunk data) and trailers (the trailer section
# after the last chunk). The host switches between the chunk machines
# itself, skipping chunk data without running the machine over it.

  machine http11_common;

  # ------------------------------------------------------------- lexical
  CRLF = "\r\n";
  SP = " ";
  HTAB = "\t";
  OWS = ( SP | HTAB )*;
  BWS = OWS;

  tchar = alpha | digit | [!#$%&'*+\-.\^_`|~];
  token = tchar+;
  vchar = 0x21..0x7e;
  obs_text = 0x80..0xff;
  field_vchar = vchar | obs_text;

  qdtext = HTAB | SP | 0x21 | 0x23..0x5b | 0x5d..0x7e | obs_text;
  quoted_pair = "\\" ( HTAB | SP | vchar | obs_text );
  quoted_string = '"' ( qdtext | quoted_pair )* '"';

  # ------------------------------------------------------ URI (RFC 3986)
  unreserved = alpha | digit | [\-._~];
  sub_delims = [!$&'()*+,;=];
  pct_encoded = "%" xdigit xdigit;
  browser_raw = [\[\]{}|\^`\\];
  pchar = unreserved | pct_encoded | sub_delims | [:@] | browser_raw;
  segment = pchar*;
  absolute_path = ( "/" segment )+;
  query = ( pchar | [/?] )*;

  scheme = alpha ( alpha | digit | [+\-.] )*;
  ip_literal = "[" ( unreserved | sub_delims | ":" )+ "]";
  reg_name = ( unreserved | pct_encoded | sub_delims )*;
  uri_host = ip_literal | reg_name;
  port = digit*;
  authority = uri_host ( ":" port )?;

  # ------------------------------------------- request line (RFC 9112 §3)
  origin_form = absolute_path >mark_path ( "?" @mark_query query )?;
  absolute_form = scheme ":" "//" @mark_authority authority %end_authority
                  ( absolute_path >mark_path )? ( "?" @mark_query query )?;
  authority_form = uri_host ":" port;
  asterisk_form = "*";

  request_target = ( origin_form %form_origin
                   | absolute_form %form_absolute
                   | authority_form %form_authority
                   | asterisk_form %form_asterisk ) >mark_target %end_target;

  method = token >mark_method %end_method;
  http_version = ( "HTTP/" digit{1,3} ( "." digit{1,3} )? ) >mark_version %end_version;

  request_line = method SP request_target SP http_version CRLF @request_line_done;

  # ------------------------------------------------ fields (RFC 9112 §5)
  field_name = token;
  field_value = ( field_vchar | SP | HTAB )*;
  field_line = field_name >start_field %end_field_name ":" @start_value
               field_value "\r" @end_value "\n" @field_done;

  request_head = CRLF* request_line field_line* CRLF @head_done;

  # ------------------------------------------- chunked (RFC 9112 §7.1)
  chunk_size = xdigit+ $chunk_size_digit;
  chunk_ext = ( BWS ";" BWS token ( BWS "=" BWS ( token | quoted_string ) )? )*;
  chunk_line = chunk_size chunk_ext CRLF @chunk_line_done;

  trailer_line = field_name ":" field_value CRLF @trailer_field_done;
  trailer_section = trailer_line* CRLF @trailers_done;

  chunk_head := chunk_line;
  chunk_tail := CRLF @chunk_tail_done;
  trailers := trailer_section;
  main := request_head;
}%%
