// Nimbus Store: the host application's own code. It knows nothing of Feedloop's internals: it
// assigns an A/B variant, tells the widget about it, and runs a pretend shop.
(function () {
  'use strict';

  // Calls made before the widget's script has loaded are queued, then replayed by it.
  var feedloop = (window.feedloop = window.feedloop || { q: [] });
  function call(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (feedloop.q) feedloop.q.push([method, args]);
    else feedloop[method].apply(feedloop, args);
  }

  // A stable 50/50 split per browser, like a real experiment platform would make.
  var variant = localStorage.getItem('nimbus-variant');
  if (!variant) {
    variant = Math.random() < 0.5 ? 'control' : 'one-click';
    localStorage.setItem('nimbus-variant', variant);
  }
  call('setExperiments', { 'checkout-button': variant });
  call('exposure', 'checkout-button', variant);

  var products = [
    { name: 'Cloud umbrella', emoji: '☂️', price: 29 },
    { name: 'Storm raincoat', emoji: '🧥', price: 89 },
    { name: 'Puddle boots', emoji: '👢', price: 59 },
    { name: 'Drizzle hat', emoji: '🎩', price: 19 },
  ];
  var cart = [];

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function renderProducts(filter) {
    var list = document.getElementById('products');
    list.replaceChildren();
    products
      .filter(function (p) { return !filter || p.name.toLowerCase().indexOf(filter.toLowerCase()) >= 0; })
      .forEach(function (p) {
        var item = document.createElement('li');
        item.append(text('div', p.emoji, 'emoji'), text('strong', p.name), text('div', '€' + p.price.toFixed(2), 'price'));
        var add = text('button', 'Add to cart', 'add');
        add.type = 'button';
        add.addEventListener('click', function () { cart.push(p); renderCart(); });
        item.append(add);
        list.append(item);
      });
  }

  function renderCart() {
    var list = document.getElementById('cart');
    list.replaceChildren();
    if (!cart.length) list.append(text('li', 'Your cart is empty.', 'empty'));
    cart.forEach(function (p) { list.append(text('li', p.emoji + ' ' + p.name + ' · €' + p.price.toFixed(2))); });
    var total = cart.reduce(function (sum, p) { return sum + p.price; }, 0);
    document.getElementById('total').textContent = '€' + total.toFixed(2);
  }

  document.addEventListener('DOMContentLoaded', function () {
    renderProducts('');
    document.getElementById('variant').textContent = variant;
    var buy = document.getElementById('checkout-button');
    if (variant === 'one-click') {
      buy.textContent = 'Buy in one click';
      buy.classList.add('one-click');
    }
    buy.addEventListener('click', function () {
      document.getElementById('status').textContent = cart.length ? 'Order placed (not really). Thank you!' : 'Add something first.';
      if (cart.length) { cart = []; renderCart(); }
    });
    document.getElementById('search-form').addEventListener('submit', function (event) {
      event.preventDefault();
      renderProducts(document.getElementById('q').value);
    });
    call('on', 'sent', function () {
      document.getElementById('status').textContent = 'Feedback delivered to Feedloop. Thank you!';
    });
  });
})();
