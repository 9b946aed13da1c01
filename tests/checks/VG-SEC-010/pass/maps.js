const KEY = process.env.MAPS_KEY;
