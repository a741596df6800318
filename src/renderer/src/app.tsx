/** App shell. The live graph, history and outputs browser are built on the shared RunEvent contract. */
export function App(): React.JSX.Element {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Unified Orchestrator</h1>
      <p>Run a spec from the terminal with <code>orchestrator run examples/tiny_spec.yaml</code>.</p>
    </main>
  )
}
