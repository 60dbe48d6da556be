/// The OpenAPI 3.1 description of the service, served at `GET /openapi.yaml`.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Mura archive service
          version: 0.1.0
          summary: Every version of every publication, as it stood on any date.
          description: |
            Plain HTTP and JSON over a Mura archive, with the Memento protocol (RFC 7089) for dated access.
            Document ids may contain `/`; in paths each segment is percent-encoded on its own
            (`/documents/press/42/versions/2`), or the whole id with `%2F`.
            Every address the service writes (Location, Content-Location, Link, TimeMaps, `uri` fields) is absolute,
            built on the service's public URL when it is set, else on the request's Host. A memento's address names
            the version by its id and never changes meaning; `/documents/{id}/versions/{n}` redirects to the n-th.
            Writes need a bearer token with the write role (`mura token create --role write`); reads are open,
            or need a read or write token when the archive's settings say so (`mura token reads token`).
            Errors are JSON: `{"error": {"code": "...", "message": "..."}}`.
          license:
            name: Apache-2.0
            identifier: Apache-2.0
        servers:
          - url: /
        tags:
          - name: documents
          - name: memento
          - name: operations
          - name: service
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
              description: A token from `mura token create`.
          parameters:
            DocumentID:
              name: id
              in: path
              required: true
              description: The document id (percent-encoded; `/` inside an id may stay a path separator).
              schema:
                type: string
                minLength: 1
            Format:
              name: format
              in: query
              required: false
              description: |
                The rendition: the original bytes, or a rendering by an exporter. Without it, `Accept` chooses among
                the original's media type, `text/plain`, `text/html` and `application/json` (the original wins ties;
                406 when `Accept` names none of them).
              schema:
                type: string
                enum: [original, text, html, json]
            AcceptDatetime:
              name: Accept-Datetime
              in: header
              required: false
              description: |
                An HTTP date (`Tue, 01 Mar 2022 10:00:00 GMT`). Without it, or blank, the latest memento; before the
                first capture, the first.
              schema:
                type: string
                pattern: "^( *|(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (19[7-9][0-9]|20[0-9][0-9]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] GMT)$"
          headers:
            MementoDatetime:
              description: The capture time of this memento (RFC 7089).
              schema:
                type: string
            Link:
              description: Memento links (original, timegate, timemap, first, last, prev, next), absolute.
              schema:
                type: string
            Vary:
              schema:
                type: string
            WWWAuthenticate:
              schema:
                type: string
            Allow:
              schema:
                type: string
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message]
                  properties:
                    code:
                      type: string
                      description: A stable code such as `unknown-document`, `invalid-date`, `unauthorized`.
                    message:
                      type: string
                      description: What went wrong, naming the field or file, and how to fix it.
            DateOrInstant:
              description: A day (`2024-05-01`) or an ISO 8601 date-time with a zone (`2024-05-01T09:00:00Z`).
              anyOf:
                - {type: string, format: date}
                - {type: string, format: date-time}
            Instant:
              type: string
              description: ISO 8601 UTC, `2024-05-01T09:00:00Z`.
            DocumentSummary:
              type: object
              required: [id, versionCount, observationCount]
              properties:
                id: {type: string}
                source: {type: string, description: The source URL.}
                title: {type: string}
                versionCount: {type: integer, minimum: 0}
                observationCount: {type: integer, minimum: 0}
                firstCapturedAt: {$ref: "#/components/schemas/Instant"}
                lastCapturedAt: {$ref: "#/components/schemas/Instant"}
            DocumentPage:
              type: object
              required: [documents]
              properties:
                documents:
                  type: array
                  items: {$ref: "#/components/schemas/DocumentSummary"}
                next:
                  type: string
                  description: The address of the next page; absent on the last.
            Version:
              type: object
              required: [id, documentID, capturedAt, sha256, size, format]
              properties:
                id: {type: string}
                documentID: {type: string}
                capturedAt: {$ref: "#/components/schemas/Instant"}
                sha256: {type: string, pattern: "^[0-9a-f]{64}$"}
                size: {type: integer, minimum: 0}
                format: {type: string}
                importer: {type: string}
                bundlePath: {type: string}
                originalExtension: {type: string}
                source: {type: string}
                title: {type: string}
                published: {$ref: "#/components/schemas/Instant"}
                updated: {$ref: "#/components/schemas/Instant"}
                language: {type: string}
            VersionList:
              type: object
              required: [document, versions, captures]
              properties:
                document: {$ref: "#/components/schemas/DocumentSummary"}
                versions:
                  type: array
                  items:
                    type: object
                    required: [ordinal, uri, version]
                    properties:
                      ordinal: {type: integer, minimum: 1}
                      uri: {type: string, format: uri, description: The memento's address (by version id).}
                      version: {$ref: "#/components/schemas/Version"}
                captures:
                  type: array
                  items:
                    type: object
                    required: [capturedAt, ordinal, changed]
                    properties:
                      capturedAt: {$ref: "#/components/schemas/Instant"}
                      ordinal: {type: integer}
                      changed: {type: boolean}
            IngestResult:
              type: object
              required: [results]
              properties:
                results:
                  type: array
                  items:
                    type: object
                    required: [documentID, status, versionID, capturedAt, uri]
                    properties:
                      documentID: {type: string}
                      status: {type: string, enum: [new, unchanged]}
                      versionID: {type: string}
                      capturedAt: {$ref: "#/components/schemas/Instant"}
                      uri: {type: string, format: uri, description: The memento of the version.}
            TimeMap:
              type: object
              required: [original, timegate, mementos]
              properties:
                original:
                  type: array
                  items: {type: object, properties: {uri: {type: string}}}
                timegate:
                  type: array
                  items: {type: object, properties: {uri: {type: string}}}
                self:
                  type: array
                  items: {type: object, properties: {uri: {type: string}}}
                mementos:
                  type: array
                  items:
                    type: object
                    required: [uri, datetime]
                    properties:
                      uri: {type: string, format: uri}
                      datetime: {$ref: "#/components/schemas/Instant"}
            ExportOrder:
              type: object
              description: Name documents, or send `all` true; a null field counts as absent.
              properties:
                package:
                  type: [string, "null"]
                  enum: [bagit, ocfl, warc, null]
                  default: bagit
                documents:
                  anyOf:
                    - type: "null"
                    - type: array
                      items: {type: string, minLength: 1}
                all: {type: [boolean, "null"]}
                since: {$ref: "#/components/schemas/OptionalDate"}
                until: {$ref: "#/components/schemas/OptionalDate"}
                at: {$ref: "#/components/schemas/OptionalDate"}
                render:
                  description: Renderings beside each original, for BagIt and OCFL (not WARC).
                  anyOf:
                    - type: "null"
                    - type: array
                      items: {type: string, enum: [text, html, json]}
                serialization:
                  type: [string, "null"]
                  enum: [tar, tar.gz, tar.zst, tar.xz, zip, null]
                  default: tar.gz
              oneOf:
                - required: [documents]
                  properties:
                    documents: {type: array, minItems: 1}
                    all: {enum: [false, null]}
                - required: [all]
                  properties:
                    all: {const: true}
                    documents:
                      anyOf:
                        - type: "null"
                        - {type: array, maxItems: 0}
              if:
                required: [package]
                properties: {package: {const: warc}}
              then:
                properties:
                  render:
                    anyOf:
                      - type: "null"
                      - {type: array, maxItems: 0}
            OptionalDate:
              anyOf:
                - type: "null"
                - $ref: "#/components/schemas/DateOrInstant"
            VerifyOrder:
              type: object
              properties:
                documents:
                  description: Only these documents; absent, null or empty for all.
                  anyOf:
                    - type: "null"
                    - type: array
                      items: {type: string, minLength: 1}
            VerifyReport:
              type: object
              required: [clean, checkedVersions, problems]
              properties:
                clean: {type: boolean}
                checkedVersions: {type: integer, minimum: 0}
                problems:
                  type: array
                  items:
                    type: object
                    required: [bundlePath, message]
                    properties:
                      documentID: {type: string}
                      versionID: {type: string}
                      bundlePath: {type: string}
                      message: {type: string}
          responses:
            BadRequest:
              description: A parameter or the body is not valid; the message names it.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Unauthorized:
              description: A token is needed, or the one sent is unknown or revoked.
              headers:
                WWW-Authenticate: {$ref: "#/components/headers/WWWAuthenticate"}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Forbidden:
              description: The token's role does not allow this, or a browser sent it from another site's page.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            TooManyRequests:
              description: Another operation of this kind is running; try again after Retry-After seconds.
              headers:
                Retry-After: {schema: {type: integer}}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            NotFound:
              description: No such document or version, or no capture on or before the date.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            NotAcceptable:
              description: Accept names no rendition this document has.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            TimeGateRedirect:
              description: |
                Redirect to the memento in force at Accept-Datetime (RFC 7089, pattern 2.1): the latest without it,
                the first for a date before the first capture. Link names that memento, the first and the last.
              headers:
                Location: {schema: {type: string, format: uri}}
                Vary: {$ref: "#/components/headers/Vary"}
                Link: {$ref: "#/components/headers/Link"}
            Memento:
              description: The memento, the original bytes or a rendering.
              headers:
                Content-Location:
                  description: The memento's own address, when the request named the document (now or `at`).
                  schema: {type: string, format: uri}
                Memento-Datetime: {$ref: "#/components/headers/MementoDatetime"}
                Link: {$ref: "#/components/headers/Link"}
                Vary: {$ref: "#/components/headers/Vary"}
              content:
                text/plain:
                  schema: {type: string}
                text/html:
                  schema: {type: string}
                application/json: {}
                application/octet-stream:
                  schema: {type: string, format: binary}
          examples: {}
        security:
          - {}
          - bearer: []
        paths:
          /health:
            get:
              tags: [service]
              operationId: health
              summary: Whether the service is up.
              security: []
              responses:
                "200":
                  description: Up.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [status]
                        properties:
                          status: {type: string, const: ok}
          /metrics:
            get:
              tags: [service]
              operationId: metrics
              summary: Counters in the Prometheus text format.
              responses:
                "200":
                  description: Requests, latencies, ingests and bundle bytes.
                  content:
                    text/plain:
                      schema: {type: string}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /openapi.yaml:
            get:
              tags: [service]
              operationId: openapi
              summary: This document.
              security: []
              responses:
                "200":
                  description: OpenAPI 3.1.
                  content:
                    application/yaml:
                      schema: {type: string}
          /documents:
            get:
              tags: [documents]
              operationId: listDocuments
              summary: A page of documents, sorted by id.
              parameters:
                - name: prefix
                  in: query
                  description: Only ids starting with this.
                  schema: {type: string}
                - name: source
                  in: query
                  description: Only documents with this source URL.
                  schema: {type: string}
                - name: since
                  in: query
                  description: Only documents with a capture on or after this date.
                  schema: {$ref: "#/components/schemas/DateOrInstant"}
                - name: until
                  in: query
                  description: Only documents with a capture on or before this date (a day means its end).
                  schema: {$ref: "#/components/schemas/DateOrInstant"}
                - name: after
                  in: query
                  description: The cursor; the `next` address carries it.
                  schema: {type: string}
                - name: limit
                  in: query
                  schema: {type: integer, minimum: 1, maximum: 1000, default: 100}
              responses:
                "200":
                  description: The page; `next` and `Link rel="next"` give the next one.
                  headers:
                    Link: {$ref: "#/components/headers/Link"}
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/DocumentPage"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
            post:
              tags: [documents]
              operationId: ingestDocument
              summary: Archive a publication; a new version only when its content changed.
              description: |
                The body is the publication; `format`, else Content-Type (`text/plain`, `text/html`,
                `application/json`), else the content itself picks the importer. The body is streamed to disk, up to
                the service's limit (`mura serve --max-body-size`).
              security:
                - bearer: []
              parameters:
                - name: id
                  in: query
                  required: true
                  description: |
                    The document id: at most 1,024 bytes of UTF-8, no control characters or line breaks, surrounding
                    white space removed. (Without it, the page's canonical URL is used where it has one.)
                  schema:
                    type: string
                    pattern: "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029][^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$"
                    maxLength: 1024
                - name: url
                  in: query
                  description: The source URL, an absolute http or https URL without spaces or control characters.
                  schema:
                    type: string
                    format: uri
                    maxLength: 8192
                    pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~-]+(:[0-9]{1,5})?([/?#][!-~]*)?$"
                - name: captured_at
                  in: query
                  description: The capture time (default now); a day means its start. A time more than ten minutes
                    ahead of the service's clock is refused with 400.
                  schema: {$ref: "#/components/schemas/DateOrInstant"}
              requestBody:
                required: true
                description: |
                  The publication. `text/plain` (UTF-8, UTF-16 with a byte-order mark, Windows-1251), `text/html` and
                  `application/json` (Mura document JSON, JSON Feed 1.1, WordPress posts, schema.org articles) are read
                  by their importers; `application/octet-stream` or no Content-Type lets the content decide.
                content:
                  text/plain:
                    schema:
                      type: string
                      pattern: "^[^\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f-\\x9f]*[A-Za-z0-9][^\\x00-\\x08\\x0b\\x0e-\\x1f\\x7f-\\x9f]*$"
              responses:
                "200":
                  description: Unchanged; the capture is recorded against the version in force.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/IngestResult"}
                "201":
                  description: A new version.
                  headers:
                    Location:
                      description: The memento of the first new version.
                      schema: {type: string, format: uri}
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/IngestResult"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409":
                  description: Another content was captured at that very instant.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "413":
                  description: The body is over the service's limit.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "415":
                  description: No importer takes this Content-Type or content.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
          /documents/{id}:
            get:
              tags: [documents, memento]
              operationId: getDocument
              summary: The document as it stands, or as it stood at `at`; a memento.
              parameters:
                - $ref: "#/components/parameters/DocumentID"
                - name: at
                  in: query
                  description: A date (its end) or a date-time; the version in force then.
                  schema: {$ref: "#/components/schemas/DateOrInstant"}
                - $ref: "#/components/parameters/Format"
              responses:
                "200": {$ref: "#/components/responses/Memento"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "406": {$ref: "#/components/responses/NotAcceptable"}
          /documents/{id}/versions:
            get:
              tags: [documents]
              operationId: listVersions
              summary: The versions and captures of a document.
              parameters:
                - $ref: "#/components/parameters/DocumentID"
              responses:
                "200":
                  description: Versions oldest first, with their memento addresses.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/VersionList"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /documents/{id}/versions/{version}:
            get:
              tags: [documents, memento]
              operationId: getVersion
              summary: A memento, by version id; a version number redirects to its memento.
              description: |
                `{version}` is a version id (as `versions` lists them): the memento, whose address never changes
                meaning. A number n (1 = the first capture) answers 302 with the address of the n-th version's
                memento, which a backfill may change.
              parameters:
                - $ref: "#/components/parameters/DocumentID"
                - name: version
                  in: path
                  required: true
                  schema: {type: string, minLength: 1}
                - $ref: "#/components/parameters/Format"
              responses:
                "200": {$ref: "#/components/responses/Memento"}
                "302":
                  description: The memento of the n-th version.
                  headers:
                    Location: {schema: {type: string, format: uri}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "406": {$ref: "#/components/responses/NotAcceptable"}
          /timegate/{id}:
            get:
              tags: [memento]
              operationId: timegate
              summary: Memento TimeGate (RFC 7089) of a document.
              parameters:
                - $ref: "#/components/parameters/DocumentID"
                - $ref: "#/components/parameters/AcceptDatetime"
              responses:
                "302": {$ref: "#/components/responses/TimeGateRedirect"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /timegate:
            get:
              tags: [memento]
              operationId: timegateByURL
              summary: Memento TimeGate by the original URL.
              parameters:
                - name: url
                  in: query
                  required: true
                  schema: {type: string, minLength: 1}
                - $ref: "#/components/parameters/AcceptDatetime"
              responses:
                "302": {$ref: "#/components/responses/TimeGateRedirect"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /timemap/{id}:
            get:
              tags: [memento]
              operationId: timemap
              summary: Memento TimeMap of a document, in link-format or JSON.
              parameters:
                - $ref: "#/components/parameters/DocumentID"
                - name: format
                  in: query
                  schema: {type: string, enum: [link-format, json]}
              responses:
                "200":
                  description: Every memento with its datetime.
                  content:
                    application/link-format:
                      schema: {type: string}
                    application/json:
                      schema: {$ref: "#/components/schemas/TimeMap"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /exports:
            post:
              tags: [operations]
              operationId: export
              summary: Export as BagIt 1.0, OCFL 1.1 (a packed storage root) or WARC 1.1, streamed back.
              description: |
                Needs a read or write token even when reads are open. One export runs at a time; another gets 429
                with Retry-After.
              security:
                - bearer: []
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/ExportOrder"}
              responses:
                "200":
                  description: The package as a file; Mura-Documents and Mura-Versions count what it holds.
                  headers:
                    Content-Disposition: {schema: {type: string}}
                    Mura-Documents: {schema: {type: string}}
                    Mura-Versions: {schema: {type: string}}
                  content:
                    application/gzip: {schema: {type: string, format: binary}}
                    application/x-tar: {schema: {type: string, format: binary}}
                    application/zstd: {schema: {type: string, format: binary}}
                    application/x-xz: {schema: {type: string, format: binary}}
                    application/zip: {schema: {type: string, format: binary}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "415":
                  description: A rendering names no exporter.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
                "507":
                  description: The export needs more temporary space than the service allows or has free.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Error"}
          /verify:
            post:
              tags: [operations]
              operationId: verify
              summary: Re-hash the bundles (all, or those of the documents named).
              description: |
                Needs a read or write token even when reads are open. One verification runs at a time; another gets
                429 with Retry-After.
              security:
                - bearer: []
              requestBody:
                required: false
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/VerifyOrder"}
              responses:
                "200":
                  description: The report; `clean` is false when a bundle is damaged.
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/VerifyReport"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "429": {$ref: "#/components/responses/TooManyRequests"}
        """#
}
