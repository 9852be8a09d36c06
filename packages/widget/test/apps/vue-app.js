// A small Vue 3 app using the npm packages as packages/widget/README.md shows. Render functions
// (`h`) instead of single-file components, so that bundling it needs no SFC compiler.
import { defineComponent, h, onBeforeUnmount, onMounted, ref } from 'vue';
import { createClient } from '@feedloop/sdk';
import { mountWidget } from '@feedloop/widget';

/** Creates the client and mounts the widget once in the page; both go before unmount. */
export const Feedback = defineComponent({
  props: { apiKey: String, endpoint: String },
  setup(props) {
    let client;
    let widget;
    onMounted(() => {
      client = createClient({ key: props.apiKey, endpoint: props.endpoint, flushDelay: 50 });
      widget = mountWidget(client, { feature: 'checkout' });
    });
    onBeforeUnmount(() => {
      widget?.destroy();
      client?.destroy();
    });
    return () => h('button', { type: 'button', onClick: () => widget?.open({ feature: 'search' }) }, 'Rate search');
  },
});

/** The app: a toggle that mounts and unmounts the feedback component. */
export const App = defineComponent({
  props: { apiKey: String, endpoint: String },
  setup(props) {
    const shown = ref(true);
    return () =>
      h('main', [
        h('h1', 'Vue app'),
        h('button', { type: 'button', onClick: () => (shown.value = !shown.value) }, shown.value ? 'Hide feedback' : 'Show feedback'),
        shown.value ? h(Feedback, { apiKey: props.apiKey, endpoint: props.endpoint }) : null,
      ]);
  },
});
