// Replaces the page's main part with a fresh copy every few seconds, unless someone is using a
// control or reading an opened diff.
setInterval(async () => {
  const active = document.activeElement;
  if ((active && active !== document.body) || document.querySelector('details[open]')) return;
  try {
    const response = await fetch(location.href);
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    document.querySelector('main').replaceWith(fresh.querySelector('main'));
  } catch (e) {
    // the agent is restarting or gone: try again at the next tick
  }
}, 5000);
