/// <reference lib="webworker" />
// The validation engine in a Web Worker: a first look at the files while they upload.
import { runWorkerValidation } from "@/lib/engine/browser/worker-protocol";
import type { OrgConfig } from "@/lib/org/org-config-schema";

type Incoming = { files: File[]; mapping?: File; config: OrgConfig };

self.onmessage = (event: MessageEvent<Incoming>) => {
  const { files, mapping, config } = event.data;
  const asSource = (file: File) => ({ name: file.name, size: file.size, stream: () => file.stream() as ReadableStream<Uint8Array> });
  void runWorkerValidation({ files: files.map(asSource), ...(mapping ? { mapping: asSource(mapping) } : {}), config }, (message) => self.postMessage(message));
};
