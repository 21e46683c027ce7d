import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { UndirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './support/app.js';
import { appendOk, org, statement } from './support/timeline.js';

const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';
const ATTR_TYPES = new Set(['boolean', 'int', 'long', 'float', 'double', 'string']);

/** Three statements, five organizations, one with a name that needs escaping. */
async function graphml(t: TestApp) {
  const ids = [
    await org(t, 'Partei "A" & <Freunde>', { abbreviation: 'P&A', country: 'DE' }),
    await org(t, 'Българска Комунистическа Партия', { abbreviation: 'БКП', country: 'BG' }),
    await org(t, 'Gamma'),
    await org(t, 'Delta'),
    await org(t, 'Epsilon'),
  ];
  const lists = [
    [0, 1, 2],
    [0, 1, 3],
    [1, 4],
  ];
  for (const [k, members] of lists.entries()) {
    const id = await statement(t, { title: `Statement ${k}` });
    await appendOk(t, id, { asOf: '2022-01-21', add: members.map((i) => ({ organizationId: ids[i] })) });
  }
  const res = await t.app.inject({ method: 'GET', url: '/v1/network?format=graphml' });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/graphml+xml; charset=utf-8');
  return { ids, xml: res.body };
}

const isElement = (n: Node): n is Element => n.nodeType === n.ELEMENT_NODE;
const elementsOf = (parent: Element) => Array.from(parent.childNodes).filter(isElement);
const children = (parent: Element, name: string) => elementsOf(parent).filter((e) => e.localName === name);

describe('network as GraphML', () => {
  it('has the shape the GraphML schema requires', async () => {
    const t = await makeApp();
    const { ids, xml } = await graphml(t);
    const doc = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(xml, 'application/xml');
    const root = doc.documentElement;
    if (!root) throw new Error('no root element');
    expect([root.localName, root.namespaceURI]).toEqual(['graphml', GRAPHML_NS]);
    // graphml: (desc?, key*, (data | graph)*), keys before graphs.
    const order = elementsOf(root).map((e) => e.localName);
    expect(order.lastIndexOf('key')).toBeLessThan(order.indexOf('graph'));
    const keys = new Map(children(root, 'key').map((k) => [k.getAttribute('id'), k]));
    for (const key of keys.values()) {
      expect(['node', 'edge', 'graph', 'all']).toContain(key.getAttribute('for'));
      expect(ATTR_TYPES.has(key.getAttribute('attr.type') ?? '')).toBe(true);
      expect(key.getAttribute('attr.name')).toBeTruthy();
    }
    const [graph] = children(root, 'graph');
    if (!graph) throw new Error('no graph');
    expect(['directed', 'undirected']).toContain(graph.getAttribute('edgedefault'));
    // graph: (desc?, (data | node | edge | hyperedge)*, locator?)
    expect(
      elementsOf(graph)
        .slice(1)
        .every((e) => ['data', 'node', 'edge'].includes(e.localName ?? '')),
    ).toBe(true);
    const nodes = children(graph, 'node');
    const nodeIds = new Set(nodes.map((n) => n.getAttribute('id')));
    expect(nodeIds).toEqual(new Set(ids));
    const edges = children(graph, 'edge');
    for (const edge of edges) {
      expect(nodeIds.has(edge.getAttribute('source'))).toBe(true);
      expect(nodeIds.has(edge.getAttribute('target'))).toBe(true);
    }
    // Every data names a declared key for its kind of element, and typed values parse.
    for (const [element, kind] of [
      ...nodes.map((n) => [n, 'node'] as const),
      ...edges.map((e) => [e, 'edge'] as const),
    ]) {
      for (const data of children(element, 'data')) {
        const key = keys.get(data.getAttribute('key'));
        expect(key?.getAttribute('for')).toBe(kind);
        if (key?.getAttribute('attr.type') === 'int') expect(data.textContent).toMatch(/^-?\d+$/);
        if (key?.getAttribute('attr.type') === 'double') expect(Number.isFinite(Number(data.textContent))).toBe(true);
      }
    }
    expect(edges).toHaveLength(6); // 0-1 0-2 1-2 0-3 1-3 1-4
  });

  it('loads into graphology with its attributes and weights', async () => {
    const t = await makeApp();
    const { ids, xml } = await graphml(t);
    const g = parse(UndirectedGraph, xml);
    expect([g.order, g.size, g.type]).toEqual([5, 6, 'undirected']);
    expect(g.getNodeAttributes(ids[0])).toMatchObject({
      label: 'P&A',
      name: 'Partei "A" & <Freunde>',
      country: 'DE',
      signed: 2,
    });
    expect(g.getNodeAttribute(ids[1], 'name')).toBe('Българска Комунистическа Партия');
    expect(g.getEdgeAttribute(g.edge(ids[0], ids[1]), 'weight')).toBe(2);
    expect(g.getEdgeAttribute(g.edge(ids[1], ids[4]), 'jaccard')).toBeCloseTo(1 / 3, 3);
  });

  const networkx = spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!networkx)('loads into networkx (skipped without python3-networkx; CI installs it)', async () => {
    const t = await makeApp();
    const { ids, xml } = await graphml(t);
    const file = join(t.dir, 'network.graphml');
    writeFileSync(file, xml);
    const script =
      'import json, sys, networkx as nx\ng = nx.read_graphml(sys.argv[1])\nprint(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "directed": g.is_directed(), "weight": g.edges[sys.argv[2], sys.argv[3]]["weight"], "signed": g.nodes[sys.argv[2]]["signed"]}))';
    const run = spawnSync('python3', ['-c', script, file, ids[0] ?? '', ids[1] ?? ''], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ nodes: 5, edges: 6, directed: false, weight: 2, signed: 2 });
  });
});
