import * as z from 'zod';
import { ModelConversionError } from './errors.js';

/**
 * A tfjs graph model's nodes as its model.json stores them (TensorFlow's NodeDef in JSON): attribute
 * values are AttrValue messages, strings base64-encoded, integers as decimal strings.
 */
const attrValueSchema = z
  .object({
    s: z.string().optional(),
    i: z.union([z.string(), z.number()]).optional(),
    f: z.number().optional(),
    b: z.boolean().optional(),
    list: z
      .object({
        s: z.array(z.string()).optional(),
        i: z.array(z.union([z.string(), z.number()])).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export const graphNodeSchema = z.object({
  name: z.string().min(1),
  op: z.string().min(1),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrValueSchema).optional(),
});

export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphTopologySchema = z.object({ node: z.array(graphNodeSchema).min(1) }).loose();

const signatureSchema = z
  .object({
    inputs: z.record(z.string(), z.object({ name: z.string() }).loose()).optional(),
    outputs: z.record(z.string(), z.object({ name: z.string() }).loose()).optional(),
  })
  .loose();

export const graphSignatureSchema = signatureSchema.optional();

/** The node an input names: `conv/Relu6:0` and `conv/Relu6` are the same tensor. */
export function nodeNameOf(tensorName: string): string {
  return tensorName.replace(/^\^/, '').replace(/:0$/, '');
}

/** The tensors a node reads, control dependencies (`^name`) left out. */
export function dataInputs(node: GraphNode): string[] {
  return (node.input ?? []).filter((input) => !input.startsWith('^')).map(nodeNameOf);
}

function attribute(node: GraphNode, name: string): z.infer<typeof attrValueSchema> {
  const value = node.attr?.[name];
  if (!value) throw new ModelConversionError(`node ${node.name} (${node.op}) has no '${name}' attribute`);
  return value;
}

function decoded(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}

export function stringAttribute(node: GraphNode, name: string): string {
  const value = attribute(node, name).s;
  if (value === undefined) throw new ModelConversionError(`node ${node.name} (${node.op}): '${name}' is not a string`);
  return decoded(value);
}

export function stringListAttribute(node: GraphNode, name: string): string[] {
  return (node.attr?.[name]?.list?.s ?? []).map(decoded);
}

export function intListAttribute(node: GraphNode, name: string): number[] {
  return (attribute(node, name).list?.i ?? []).map(Number);
}

export function boolAttribute(node: GraphNode, name: string): boolean {
  return node.attr?.[name]?.b ?? false;
}

const placeholderShapeSchema = z.object({
  shape: z.object({ dim: z.array(z.object({ size: z.union([z.string(), z.number()]) }).loose()).length(4) }).loose(),
});

/** An image input's NHWC shape; an unknown batch (-1) is one image. */
export function placeholderShape(node: GraphNode): [number, number, number, number] {
  const parsed = placeholderShapeSchema.safeParse(node.attr?.['shape']);
  if (!parsed.success) throw new ModelConversionError(`the input ${node.name} is not a 4-D image tensor`);
  const [batch, height, width, channels] = parsed.data.shape.dim.map((dim) => Number(dim.size)) as [number, number, number, number];
  if ([height, width, channels].some((size) => !(size > 0)))
    throw new ModelConversionError(`the input ${node.name} has no fixed size (${height}×${width}×${channels})`);
  return [batch > 0 ? batch : 1, height, width, channels];
}
