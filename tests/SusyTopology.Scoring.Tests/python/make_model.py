"""Builds a SUSY classifier with onnx.helper (random weights, not the project's writer) and scores rows with numpy.

usage: make_model.py MODE MODEL.onnx INPUT.f32 ROWS EXPECTED.f32
MODE: mlp (MatMul/Add/Relu/Sigmoid, [N,1]), pair (sklearn-onnx style: int64 label + float probabilities [N,2]),
      logits ([N] logits, metadata susy.output=logit), fixed (input [1,18]).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

mode, model_path, input_path, rows, expected_path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
rng = np.random.default_rng(11)
F, H = 18, 16


def weights(shape, scale):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


w1, b1 = weights((F, H), 0.3), weights((H,), 0.1)
classes = 2 if mode == "pair" else 1
w2, b2 = weights((H, classes), 0.4), weights((classes,), 0.1)
batch = 1 if mode == "fixed" else "batch"
init = [numpy_helper.from_array(a, n) for a, n in [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2")]]
nodes = [
    helper.make_node("MatMul", ["input", "w1"], ["h0"]),
    helper.make_node("Add", ["h0", "b1"], ["h1"]),
    helper.make_node("Relu", ["h1"], ["h"]),
    helper.make_node("MatMul", ["h", "w2"], ["z0"]),
    helper.make_node("Add", ["z0", "b2"], ["z"]),
]
inputs = [helper.make_tensor_value_info("input", TensorProto.FLOAT, [batch, F])]
if mode == "pair":
    nodes += [helper.make_node("Softmax", ["z"], ["output_probability"], axis=1),
              helper.make_node("ArgMax", ["output_probability"], ["output_label"], axis=1, keepdims=0)]
    outputs = [helper.make_tensor_value_info("output_label", TensorProto.INT64, [batch]),
               helper.make_tensor_value_info("output_probability", TensorProto.FLOAT, [batch, 2])]
elif mode == "logits":
    init.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), "flat"))
    nodes.append(helper.make_node("Reshape", ["z", "flat"], ["logit"]))
    outputs = [helper.make_tensor_value_info("logit", TensorProto.FLOAT, [batch])]
else:
    nodes.append(helper.make_node("Sigmoid", ["z"], ["p_signal"]))
    outputs = [helper.make_tensor_value_info("p_signal", TensorProto.FLOAT, [batch, 1])]

graph = helper.make_graph(nodes, "python_" + mode, inputs, outputs, init)
model = helper.make_model(graph, producer_name="python3-onnx " + onnx.__version__, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
if mode == "logits":
    helper.set_model_props(model, {"susy.output": "logit"})
onnx.checker.check_model(model, full_check=True)
onnx.save(model, model_path)

x = np.fromfile(input_path, dtype=np.float32).reshape(rows, F).astype(np.float64)
h = np.maximum(x @ w1.astype(np.float64) + b1, 0)
z = h @ w2.astype(np.float64) + b2
p = 1 / (1 + np.exp(z[:, 0] - z[:, 1])) if mode == "pair" else 1 / (1 + np.exp(-z[:, 0]))
p.astype(np.float32).tofile(expected_path)
print(f"{mode}: {rows} rows, mean P(signal) {p.mean():.4f}")
