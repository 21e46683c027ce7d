import { stringify } from 'csv-stringify/sync';
import { xmlDocument, xmlText } from '../../lib/xml.js';
import { neutralise } from '../timeline/export.js';
import type { NetworkEdge, NetworkNode } from './repository.js';

/**
 * The co-signature graph in the formats Gephi and networkx read: GraphML (both import it with
 * its typed attributes), CSV edge and node tables (Gephi's spreadsheet import: `Source`,
 * `Target`, `Type`, `Weight`; `Id`, `Label`), and JSON in networkx's node-link shape.
 */

export interface Graph {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export const GRAPHML_TYPE = 'application/graphml+xml';

type Key = { id: string; for: 'node' | 'edge'; type: 'string' | 'int' | 'double' };
const NODE_KEYS: (Key & { of: keyof NetworkNode })[] = [
  { id: 'label', for: 'node', type: 'string', of: 'label' },
  { id: 'abbreviation', for: 'node', type: 'string', of: 'abbreviation' },
  { id: 'name', for: 'node', type: 'string', of: 'name' },
  { id: 'nameEn', for: 'node', type: 'string', of: 'nameEn' },
  { id: 'country', for: 'node', type: 'string', of: 'country' },
  { id: 'signed', for: 'node', type: 'int', of: 'signed' },
];
const EDGE_KEYS: (Key & { of: 'weight' | 'jaccard' })[] = [
  { id: 'weight', for: 'edge', type: 'int', of: 'weight' },
  { id: 'jaccard', for: 'edge', type: 'double', of: 'jaccard' },
];

/** GraphML 1.0 (http://graphml.graphdrawing.org/): typed keys first, then one undirected graph. */
export function toGraphml(graph: Graph, description: string): string {
  const root = xmlDocument().ele('http://graphml.graphdrawing.org/xmlns', 'graphml', {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': 'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd',
  });
  for (const key of [...NODE_KEYS, ...EDGE_KEYS])
    root.ele('key', { id: key.id, for: key.for, 'attr.name': key.id, 'attr.type': key.type });
  const g = root.ele('graph', { id: 'cosignatures', edgedefault: 'undirected' });
  g.ele('desc').txt(xmlText(description));
  for (const node of graph.nodes) {
    const el = g.ele('node', { id: xmlText(node.id) });
    for (const key of NODE_KEYS) {
      const value = node[key.of];
      if (value !== null) el.ele('data', { key: key.id }).txt(xmlText(String(value)));
    }
  }
  graph.edges.forEach((edge, i) => {
    const el = g.ele('edge', { id: `e${i}`, source: xmlText(edge.source), target: xmlText(edge.target) });
    for (const key of EDGE_KEYS) el.ele('data', { key: key.id }).txt(String(edge[key.of]));
  });
  return root.end({ prettyPrint: true });
}

const csv = (rows: (string | number | null)[][]) =>
  stringify(
    rows.map((row) => row.map((c) => (typeof c === 'string' ? neutralise(c) : c))),
    { record_delimiter: 'unix' },
  );

/** The edge table: one row per pair, undirected. */
export const edgesCsv = (graph: Graph) =>
  csv([
    ['Source', 'Target', 'Type', 'Weight', 'Jaccard'],
    ...graph.edges.map((e) => [e.source, e.target, 'Undirected', e.weight, e.jaccard]),
  ]);

/** The node table, with the same attributes as the GraphML nodes. */
export const nodesCsv = (graph: Graph) =>
  csv([
    ['Id', 'Label', 'Abbreviation', 'Name', 'NameEn', 'Country', 'Signed'],
    ...graph.nodes.map((n) => [n.id, n.label, n.abbreviation, n.name, n.nameEn, n.country, n.signed]),
  ]);
