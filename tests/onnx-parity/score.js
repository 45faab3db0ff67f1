// Scores an ONNX model with the real ONNX Runtime (onnxruntime-node), for the C# scorer parity test.
// usage: node score.js MODEL.onnx INPUT.f32 ROWS FEATURES OUTPUT.f32
//   INPUT.f32: ROWS×FEATURES little-endian float32, row-major; OUTPUT.f32: the first output, ROWS float32.
// Prints one JSON line describing the session (input/output names, metadata) on stdout.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [modelPath, inputPath, rowsText, featuresText, outputPath] = process.argv.slice(2);
  if (!outputPath) {
    console.error('usage: node score.js MODEL.onnx INPUT.f32 ROWS FEATURES OUTPUT.f32');
    process.exit(2);
  }
  const rows = Number.parseInt(rowsText, 10);
  const features = Number.parseInt(featuresText, 10);
  const bytes = fs.readFileSync(inputPath);
  if (bytes.length !== rows * features * 4) {
    throw new Error(`input holds ${bytes.length} bytes, expected ${rows * features * 4}`);
  }
  // Copy into an aligned buffer: a Node Buffer's byteOffset need not be a multiple of 4.
  const data = new Float32Array(rows * features);
  new Uint8Array(data.buffer).set(bytes);
  const session = await ort.InferenceSession.create(modelPath, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, [rows, features]) };
  const results = await session.run(feeds);
  const output = results[session.outputNames[0]];
  if (output.data.length !== rows) throw new Error(`output has ${output.data.length} values for ${rows} rows`);
  fs.writeFileSync(outputPath, Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength));
  console.log(JSON.stringify({
    runtime: ort.env.versions,
    inputs: session.inputNames,
    outputs: session.outputNames,
    dims: output.dims,
  }));
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
