// A small React app using the npm packages as packages/widget/README.md shows. Plain
// `createElement` instead of JSX, so that bundling it needs no JSX toolchain.
import { createElement as h, useEffect, useRef, useState } from 'react';
import { createClient } from '@feedloop/sdk';
import { mountWidget } from '@feedloop/widget';

/** Creates the client and mounts the widget after the first render; both go on unmount. */
export function Feedback({ apiKey, endpoint }) {
  const widget = useRef(null);
  useEffect(() => {
    const client = createClient({ key: apiKey, endpoint, flushDelay: 50 });
    widget.current = mountWidget(client, { feature: 'checkout' });
    return () => {
      widget.current.destroy();
      client.destroy();
      widget.current = null;
    };
  }, [apiKey, endpoint]);
  return h('button', { type: 'button', onClick: () => widget.current?.open({ feature: 'search' }) }, 'Rate search');
}

/** The app: a toggle that mounts and unmounts the feedback component. */
export function App({ apiKey, endpoint }) {
  const [shown, setShown] = useState(true);
  return h(
    'main',
    null,
    h('h1', null, 'React app'),
    h('button', { type: 'button', onClick: () => setShown(!shown) }, shown ? 'Hide feedback' : 'Show feedback'),
    shown && h(Feedback, { apiKey, endpoint }),
  );
}
